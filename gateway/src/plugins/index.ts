import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayConfig } from '../config.js';
import type { GatewayTelemetry } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import { useTelemetry } from './useTelemetry.js';

/** What plugins need besides configuration. */
export interface PluginDeps {
  telemetry: GatewayTelemetry;
}

/**
 * Every Apollo Server plugin of the gateway, in order. This is the one place that decides
 * plugin order: add a plugin as `plugins/useThing.ts` exporting `useThing(options)` and list it here.
 */
export function composePlugins(config: GatewayConfig, deps: PluginDeps): ApolloServerPlugin<GatewayContext>[] {
  return [
    // First: its timer and log line cover everything the plugins after it do.
    useTelemetry(deps.telemetry),
    config.landingPage
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
      : ApolloServerPluginLandingPageDisabled(),
  ];
}
