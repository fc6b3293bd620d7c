import { APOLLO_SERVER_ERROR_CODES, ErrorCode, type TelemetryConfig } from '@ordergraph/core';
import type { Registry } from 'prom-client';
import { createLogger, type Logger } from './logger.js';
import { BusinessMetrics } from './metrics/business.js';
import { DatabaseMetrics, type PoolStats } from './metrics/database.js';
import { GatewayMetrics } from './metrics/gateway.js';
import { HealthMetrics } from './metrics/health.js';
import { GraphQLMetrics } from './metrics/graphql.js';
import { TrafficMetrics } from './metrics/realtime.js';
import { createRegistry } from './metrics/registry.js';
import { installTracing, type TracingHandle } from './tracing.js';
import type { DestinationStream } from 'pino';

/** Codes an error-by-code label may take: ours plus Apollo Server's built-in ones. */
const KNOWN_CODES: ReadonlySet<string> = new Set([...Object.values(ErrorCode), ...APOLLO_SERVER_ERROR_CODES]);

/** Everything a service uses to be observed: one per service, built from its config. */
export interface ServiceTelemetry {
  readonly service: string;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Whether `/metrics` is served. */
  readonly metricsEnabled: boolean;
  /** `/metrics` on a port of its own, or null on the API port. */
  readonly metricsPort: number | null;
  readonly graphql: GraphQLMetrics;
  readonly traffic: TrafficMetrics;
  /** Dependency up/down (readiness) and process-level error counts. */
  readonly health: HealthMetrics;
  readonly tracing: TracingHandle;
  /** Flush spans and logs. */
  shutdown(): Promise<void>;
}

export interface GatewayTelemetry extends ServiceTelemetry {
  readonly gateway: GatewayMetrics;
}

export interface SubgraphTelemetry extends ServiceTelemetry {
  readonly database: DatabaseMetrics;
  readonly business: BusinessMetrics;
}

export interface TelemetryOverrides {
  /** Send log lines here instead of stdout (tests). */
  logDestination?: DestinationStream;
}

function createBase(service: string, config: TelemetryConfig, overrides: TelemetryOverrides): ServiceTelemetry {
  const logger = createLogger({ service, level: config.logLevel, pretty: config.logPretty, destination: overrides.logDestination });
  const registry = createRegistry(service);
  const tracing = installTracing({
    serviceName: config.serviceName ?? service,
    otlpEndpoint: config.otlpEndpoint,
    sampler: config.traceSampler,
    sampleRatio: config.traceSampleRatio,
  });
  return {
    service,
    logger,
    registry,
    metricsEnabled: config.metricsEnabled,
    metricsPort: config.metricsPort,
    graphql: new GraphQLMetrics(registry, KNOWN_CODES, config.metricsMaxOperations),
    traffic: new TrafficMetrics(registry),
    health: new HealthMetrics(registry),
    tracing,
    shutdown: async () => {
      await tracing.shutdown();
      logger.flush();
    },
  };
}

export function createGatewayTelemetry(config: TelemetryConfig, overrides: TelemetryOverrides = {}): GatewayTelemetry {
  const base = createBase('gateway', config, overrides);
  return { ...base, gateway: new GatewayMetrics(base.registry) };
}

export function createSubgraphTelemetry(
  service: string,
  config: TelemetryConfig,
  poolStats: () => PoolStats | null,
  overrides: TelemetryOverrides = {},
): SubgraphTelemetry {
  const base = createBase(service, config, overrides);
  return { ...base, database: new DatabaseMetrics(base.registry, poolStats), business: new BusinessMetrics(base.registry) };
}

export { KNOWN_CODES };
