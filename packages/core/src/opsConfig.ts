import { z } from 'zod';
import { booleanFlag, parseEnv } from './env.js';

type Env = Record<string, string | undefined>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TraceSampler = (typeof TRACE_SAMPLERS)[number];

/** Logs, metrics and traces: the same settings for every service. */
export interface TelemetryConfig {
  /** `LOG_LEVEL`. @default 'info' ('warn' when NODE_ENV=test) */
  logLevel: LogLevel;
  /** Human-readable logs through pino-pretty (`LOG_PRETTY`). @default true in development */
  logPretty: boolean;
  /** `OTEL_SERVICE_NAME`: overrides the service name on exported spans. @default the service's name */
  serviceName: string | null;
  /** OTLP/HTTP collector base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); traces are exported only when set. */
  otlpEndpoint: string | null;
  /** `OTEL_TRACES_SAMPLER`. @default 'parentbased_traceidratio' */
  traceSampler: TraceSampler;
  /** `OTEL_TRACES_SAMPLER_ARG`: fraction of new traces kept by the ratio samplers. @default 1 */
  traceSampleRatio: number;
  /** Serve Prometheus metrics at `/metrics` (`METRICS_ENABLED`). @default true */
  metricsEnabled: boolean;
  /**
   * Where `/metrics` is served (`METRICS_PORT`): a port of its own (0 picks a free one), or null
   * for the API port (`METRICS_PORT=api`). A separate port keeps metrics off the public API.
   * @default 9464 in production, the API port otherwise
   */
  metricsPort: number | null;
  /** Distinct operation names a service labels metrics with before using "other" (`METRICS_MAX_OPERATIONS`). @default 200 */
  metricsMaxOperations: number;
}

/** How a service stops on SIGTERM. */
export interface ShutdownConfig {
  /** Keep serving (readiness already 503) before closing the listener, so load balancers catch up (`SHUTDOWN_DELAY_MS`). @default 0 */
  delayMs: number;
  /** Hard deadline for the whole shutdown, after which connections are cut and work is handed to recovery (`SHUTDOWN_TIMEOUT_MS`). @default 25000 */
  timeoutMs: number;
}

/** Where production services serve `/metrics` (the port OpenTelemetry's Prometheus exporter uses). */
export const DEFAULT_METRICS_PORT = 9464;

const milliseconds = (fallback: number) =>
  z.coerce.number({ message: 'expected milliseconds' }).int().min(0, 'expected milliseconds ≥ 0').default(fallback);

export function loadTelemetryConfig(env: Env, nodeEnv: string): TelemetryConfig {
  const parsed = parseEnv(
    {
      LOG_LEVEL: z.enum(LOG_LEVELS).default(nodeEnv === 'test' ? 'warn' : 'info'),
      LOG_PRETTY: booleanFlag(nodeEnv === 'development'),
      OTEL_SERVICE_NAME: z.string().optional(),
      OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ message: 'expected a URL such as http://otel-collector:4318' }).optional(),
      OTEL_TRACES_SAMPLER: z.enum(TRACE_SAMPLERS).default('parentbased_traceidratio'),
      OTEL_TRACES_SAMPLER_ARG: z.coerce.number({ message: 'expected a number from 0 to 1' }).min(0).max(1).default(1),
      METRICS_ENABLED: booleanFlag(true),
      METRICS_PORT: z
        .union([z.literal('api'), z.coerce.number().int().min(0).max(65535)], { message: 'expected a port from 0 to 65535, or "api"' })
        .default(nodeEnv === 'production' ? DEFAULT_METRICS_PORT : 'api'),
      METRICS_MAX_OPERATIONS: z.coerce.number().int().min(1, 'expected a positive integer').default(200),
    },
    env,
  );
  return {
    logLevel: parsed.LOG_LEVEL,
    logPretty: parsed.LOG_PRETTY,
    serviceName: parsed.OTEL_SERVICE_NAME ?? null,
    otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '') ?? null,
    traceSampler: parsed.OTEL_TRACES_SAMPLER,
    traceSampleRatio: parsed.OTEL_TRACES_SAMPLER_ARG,
    metricsEnabled: parsed.METRICS_ENABLED,
    metricsPort: parsed.METRICS_PORT === 'api' ? null : parsed.METRICS_PORT,
    metricsMaxOperations: parsed.METRICS_MAX_OPERATIONS,
  };
}

export function loadShutdownConfig(env: Env): ShutdownConfig {
  const parsed = parseEnv({ SHUTDOWN_DELAY_MS: milliseconds(0), SHUTDOWN_TIMEOUT_MS: milliseconds(25_000) }, env);
  return { delayMs: parsed.SHUTDOWN_DELAY_MS, timeoutMs: parsed.SHUTDOWN_TIMEOUT_MS };
}
