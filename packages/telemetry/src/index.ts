// Logs, metrics and traces for every OrderGraph service. Services build one
// ServiceTelemetry each (createGatewayTelemetry / createSubgraphTelemetry); saga code
// records business metrics through `telemetry.business`.
export { createLogger, REDACTED, scrub, type Logger, type LoggerFactoryOptions } from './logger.js';
export {
  createGatewayTelemetry,
  createSubgraphTelemetry,
  KNOWN_CODES,
  type GatewayTelemetry,
  type ServiceTelemetry,
  type SubgraphTelemetry,
  type TelemetryOverrides,
} from './serviceTelemetry.js';
export { installTracing, TRACER_NAME, type TracingHandle, type TracingOptions } from './tracing.js';
export { BusinessMetrics, type StockLevel, type StockSnapshot } from './metrics/business.js';
export { DatabaseMetrics, type PoolStats } from './metrics/database.js';
export { GatewayMetrics, type FetchFailure } from './metrics/gateway.js';
export { GraphQLMetrics, type Outcome } from './metrics/graphql.js';
export { TrafficMetrics } from './metrics/realtime.js';
export { HealthMetrics } from './metrics/health.js';
export { createRegistry, LATENCY_BUCKETS } from './metrics/registry.js';
export { OperationLabeler, sqlOperationLabel, statusLabel } from './metrics/labels.js';
