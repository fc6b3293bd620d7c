import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.js';
import type { GatewayTelemetry } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import { useTelemetry } from './useTelemetry.js';
import type { SupergraphDirectives } from '../security/supergraphDirectives.js';
import type { TrustedDocuments } from '../security/trustedDocuments.js';
import { useAuthorization } from './useAuthorization.js';
import { useCostLimit } from './useCostLimit.js';
import { useRateLimit } from './useRateLimit.js';
import { useOperationResolution } from './useOperationResolution.js';
import { usePersistedQueryQuota } from './usePersistedQueryQuota.js';
import { useTrustedDocuments } from './useTrustedDocuments.js';
import { useRetryHints } from '@ordergraph/http';

/** What plugins share with the gateway that builds them (one instance per gateway). */
export interface PluginDependencies {
  /** The current supergraph's authorization and cost directives. */
  directives: () => SupergraphDirectives | null;
  /** The per-client operation budget's counter. */
  operationLimiter: RateLimiterAbstract;
  /** Registered operations, in trusted-documents mode. */
  trustedDocuments: TrustedDocuments | null;
  /** Logs and metrics of this gateway. */
  telemetry: GatewayTelemetry;
  /** Counts the bytes each client registers as automatic persisted queries (null: APQ off). */
  persistedQueryLimiter: RateLimiterAbstract | null;
  /** Where the response cache keeps responses (Redis when configured); memory when undefined. */
  responseCache?: KeyValueCache<string>;
}
import { useResponseCache } from './useResponseCache.js';

/**
 * Every Apollo Server plugin of the gateway, in order. This is the one place that decides
 * plugin order: add a plugin as `plugins/useThing.ts` exporting `useThing(options)` and list it here.
 * The security checks all run at didResolveOperation, before any subgraph is called.
 */
export function composePlugins(config: GatewayConfig, deps: PluginDependencies): ApolloServerPlugin<GatewayContext>[] {
  const { limits } = config;
  return [
    // First: its timer and log line cover everything the plugins after it do.
    useTelemetry(deps.telemetry),
    config.landingPage
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
      : ApolloServerPluginLandingPageDisabled(),
    // Every check below runs on the operation Apollo Server resolved: refuse requests that resolve none.
    useOperationResolution(),
    ...(deps.trustedDocuments ? [useTrustedDocuments({ documents: deps.trustedDocuments })] : []),
    useRateLimit({ limiter: deps.operationLimiter, points: limits.operationsPerWindow, windowSeconds: limits.windowSeconds }),
    useAuthorization({ directives: deps.directives }),
    useCostLimit({ directives: deps.directives, maxCost: limits.maxCost, defaultListSize: limits.defaultListSize }),
    ...(deps.persistedQueryLimiter
      ? [usePersistedQueryQuota({ maxBytes: config.apqLimits.maxBytes, limiter: deps.persistedQueryLimiter, logger: deps.telemetry.logger })]
      : []),
    ...(config.performance.responseCache.enabled ? [useResponseCache({ cache: deps.responseCache })] : []),
    // A dependency outage names the idempotencyKey to retry with.
    useRetryHints(),
  ];
}
