import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayConfig } from '../config.js';
import type { GatewayContext } from '../context.js';
import { useResponseCache } from './useResponseCache.js';

/**
 * Every Apollo Server plugin of the gateway, in order. This is the one place that decides
 * plugin order: add a plugin as `plugins/useThing.ts` exporting `useThing(options)` and list it here.
 */
export function composePlugins(config: GatewayConfig): ApolloServerPlugin<GatewayContext>[] {
  return [
    config.landingPage
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
      : ApolloServerPluginLandingPageDisabled(),
    ...(config.performance.responseCache.enabled ? [useResponseCache({ redisUrl: config.performance.responseCache.redisUrl })] : []),
  ];
}
