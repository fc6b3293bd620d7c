import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { booleanFlag, parseEnv } from '@ordergraph/core';

/** Gateway performance settings (issue 7); every default is what the benchmarks compare. */
export interface PerformanceConfig {
  /**
   * `ordergraph`: our executor (cached plans and parsed operations, undici keep-alive pool).
   * `apollo`: stock ApolloGateway execution, for comparison or as a fallback. (`GATEWAY_EXECUTOR`)
   * @default 'ordergraph'
   */
  executor: 'ordergraph' | 'apollo';
  /**
   * Query planner of our executor (`GATEWAY_QUERY_PLANNER`): `apollo` (@apollo/query-planner,
   * the plans stock @apollo/gateway runs) or `hive` (Hive Router's Rust planner, which also plans
   * the federation shapes Apollo's gets wrong; subscriptions included; `@defer` stays with Apollo's).
   * Ignored with `GATEWAY_EXECUTOR=apollo`. @default 'hive'
   */
  queryPlanner: 'apollo' | 'hive';
  /**
   * Custom progressive `@override` labels in force (`GATEWAY_OVERRIDE_LABELS`, comma-separated):
   * a field `@override(from: "x", label: "beta")` moves when `beta` is listed. `percent(N)` labels
   * are not listed: they are rolled per request (N % of requests). Our executor only. @default []
   */
  overrideLabels: string[];
  /** Operations whose plan and parsed form are cached (`GATEWAY_OPERATION_CACHE_SIZE`). @default 1000 */
  operationCacheSize: number;
  /** Keep-alive connections per subgraph (`GATEWAY_SUBGRAPH_CONNECTIONS`). @default 64 */
  subgraphConnections: number;
  /** Subgraph request timeout in ms (`GATEWAY_SUBGRAPH_TIMEOUT_MS`). @default 30000 */
  subgraphTimeoutMs: number;
  /**
   * Run an operation's fetches in waves and merge each wave's entity fetches per subgraph into
   * one call (`GATEWAY_BATCH_ENTITY_FETCHES`); off sends each fetch as soon as it is ready.
   * @default true
   */
  batchEntityFetches: boolean;
  /**
   * Queries our executor runs at once (`GATEWAY_MAX_CONCURRENT_OPERATIONS`; 0: no bound); the
   * others wait their turn in arrival order before their first subgraph fetch. Fewer result trees
   * alive at once: less garbage survives each young-generation GC (docs/performance.md). A query
   * holds its slot 1 s at most (a hung subgraph holds up no one for longer). Our executor only;
   * mutations and subscription events are not counted. @default 16
   */
  maxConcurrentOperations: number;
  /** Share identical in-flight subgraph queries of the same caller (`GATEWAY_DEDUP_SUBGRAPH_REQUESTS`). @default false */
  dedupeSubgraphRequests: boolean;
  /**
   * Gateway processes sharing the port (`GATEWAY_WORKERS`, a number or `auto` for one per
   * core). Only for `gateway/src/index.ts`, not the in-process stack. @default 1
   */
  workers: number;
  /**
   * Cache whole responses of public data per the subgraphs' @cacheControl hints
   * (`GATEWAY_RESPONSE_CACHE`), in Redis when `REDIS_URL` is set (keys under `REDIS_KEY_PREFIX`), else in memory. @default false
   */
  responseCache: { enabled: boolean };
  /**
   * Negotiated brotli/gzip compression of HTTP responses (`GATEWAY_COMPRESSION`) of at least
   * `thresholdBytes` (`GATEWAY_COMPRESSION_THRESHOLD_BYTES`). Off by default: behind a reverse
   * proxy or CDN that compresses, it would only cost gateway CPU (docs/performance.md).
   * @default { enabled: false, thresholdBytes: 1024 }
   */
  compression: { enabled: boolean; thresholdBytes: number };
}

export function loadPerformanceConfig(env: Record<string, string | undefined>): PerformanceConfig {
  const parsed = parseEnv(
    {
      GATEWAY_EXECUTOR: z.enum(['ordergraph', 'apollo']).default('ordergraph'),
      GATEWAY_QUERY_PLANNER: z.enum(['apollo', 'hive']).default('hive'),
      GATEWAY_OVERRIDE_LABELS: z
        .string()
        .default('')
        .transform((value) => value.split(',').map((label) => label.trim()).filter(Boolean))
        .refine((labels) => labels.every((label) => /^[A-Za-z][A-Za-z0-9_\-:.]*$/.test(label) && !label.startsWith('percent(')), {
          message: 'expected comma-separated @override labels (a letter, then letters, digits, _ - : .); percent(N) labels are rolled per request, not listed',
        }),
      GATEWAY_OPERATION_CACHE_SIZE: z.coerce.number().int().min(1, 'expected a positive integer').default(1000),
      GATEWAY_SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1, 'expected a positive integer').default(64),
      GATEWAY_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(1, 'expected milliseconds > 0').default(30_000),
      GATEWAY_MAX_CONCURRENT_OPERATIONS: z.coerce.number().int().min(0, 'expected a number of queries >= 0 (0: no bound)').default(16),
      GATEWAY_DEDUP_SUBGRAPH_REQUESTS: booleanFlag(false),
      GATEWAY_BATCH_ENTITY_FETCHES: booleanFlag(true),
      GATEWAY_RESPONSE_CACHE: booleanFlag(false),
      GATEWAY_COMPRESSION: booleanFlag(false),
      GATEWAY_COMPRESSION_THRESHOLD_BYTES: z.coerce.number().int().min(0, 'expected a number of bytes >= 0').default(1024),
      GATEWAY_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)], { message: 'expected a number from 1 to 64, or auto' }).default(1),
    },
    env,
  );
  return {
    executor: parsed.GATEWAY_EXECUTOR,
    queryPlanner: parsed.GATEWAY_QUERY_PLANNER,
    overrideLabels: parsed.GATEWAY_OVERRIDE_LABELS,
    operationCacheSize: parsed.GATEWAY_OPERATION_CACHE_SIZE,
    subgraphConnections: parsed.GATEWAY_SUBGRAPH_CONNECTIONS,
    subgraphTimeoutMs: parsed.GATEWAY_SUBGRAPH_TIMEOUT_MS,
    maxConcurrentOperations: parsed.GATEWAY_MAX_CONCURRENT_OPERATIONS,
    dedupeSubgraphRequests: parsed.GATEWAY_DEDUP_SUBGRAPH_REQUESTS,
    batchEntityFetches: parsed.GATEWAY_BATCH_ENTITY_FETCHES,
    responseCache: { enabled: parsed.GATEWAY_RESPONSE_CACHE },
    compression: { enabled: parsed.GATEWAY_COMPRESSION, thresholdBytes: parsed.GATEWAY_COMPRESSION_THRESHOLD_BYTES },
    workers: parsed.GATEWAY_WORKERS === 'auto' ? availableParallelism() : parsed.GATEWAY_WORKERS,
  };
}
