import { z } from 'zod';
import { loadShutdownConfig, loadTelemetryConfig, type ShutdownConfig, type TelemetryConfig } from './opsConfig.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Parse environment variables against a zod shape whose keys are the variable names.
 * Every problem is reported at once, each naming the variable and what was expected.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: Env): z.infer<z.ZodObject<S>> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    input[key] = value === '' ? undefined : value;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const received = input[name];
    return `  ${name}: ${issue.message}${received === undefined ? ' (not set)' : ` (received ${JSON.stringify(received)})`}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

export const port = (fallback: number) =>
  z.coerce.number().int().min(0, 'expected a port from 0 to 65535').max(65535, 'expected a port from 0 to 65535').default(fallback);

export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const url = z.url({ message: 'expected a URL such as http://localhost:4001/graphql' });

/** Development-only fallbacks: production refuses to start without real secrets. */
export const DEV_SECRETS = {
  IDENTITY_SECRET: 'dev-only-identity-secret-change-me-in-production',
  JWT_SECRET: 'dev-only-jwt-secret-change-me-in-production',
  SERVICE_TOKEN_SECRET: 'dev-only-service-token-secret-change-me',
} as const;

/**
 * A secret variable: required and at least 32 characters in production; elsewhere
 * falls back to a well-known development value.
 */
export function secret(name: keyof typeof DEV_SECRETS, env: Env): string {
  const value = env[name];
  const production = env.NODE_ENV === 'production';
  if (!value) {
    if (production) throw new ConfigError(`Invalid configuration:\n  ${name}: required in production (not set)`);
    return DEV_SECRETS[name];
  }
  if (production && (value.length < 32 || value === DEV_SECRETS[name])) {
    throw new ConfigError(
      `Invalid configuration:\n  ${name}: must be a random value of at least 32 characters in production`,
    );
  }
  return value;
}

/** Settings every service shares. */
export interface CommonConfig {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Add stack traces and internal messages to error responses (never in production). */
  exposeErrorDetails: boolean;
  identitySecret: string;
  telemetry: TelemetryConfig;
  shutdown: ShutdownConfig;
}

/** Settings every subgraph shares (the gateway never holds the service-token secret). */
export interface SubgraphCommonConfig extends CommonConfig {
  /** Signs and verifies service-to-service calls (the order saga's internal operations). */
  serviceTokenSecret: string;
}

export function loadCommonConfig(env: Env, defaultPort: number): CommonConfig {
  const parsed = parseEnv(
    {
      NODE_ENV: nodeEnv,
      HOST: z.string().default('0.0.0.0'),
      PORT: port(defaultPort),
    },
    env,
  );
  return {
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.PORT,
    exposeErrorDetails: parsed.NODE_ENV !== 'production',
    identitySecret: secret('IDENTITY_SECRET', env),
    telemetry: loadTelemetryConfig(env, parsed.NODE_ENV),
    shutdown: loadShutdownConfig(env),
  };
}

export function loadSubgraphCommonConfig(env: Env, defaultPort: number): SubgraphCommonConfig {
  return { ...loadCommonConfig(env, defaultPort), serviceTokenSecret: secret('SERVICE_TOKEN_SECRET', env) };
}
