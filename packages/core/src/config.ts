import { z } from 'zod';
import { DEFAULT_MAX_INPUT_DEPTH } from './inputDepth.js';
import { loadShutdownConfig, loadTelemetryConfig, type ShutdownConfig, type TelemetryConfig } from './opsConfig.js';

// The env helpers live in env.ts; re-exported here for the services that import them from config.
export { ConfigError, booleanFlag, integer, nodeEnv, parseEnv, port, url, type Env } from './env.js';
import { ConfigError, booleanFlag, integer, nodeEnv, parseEnv, port, url, type Env } from './env.js';

/** Development-only fallbacks: production refuses to start without real secrets. */
export const DEV_SECRETS = {
  IDENTITY_SECRET: 'dev-only-identity-secret-change-me-in-production',
  SERVICE_TOKEN_SECRET: 'dev-only-service-token-secret-change-me',
} as const;

const PLACEHOLDER = /change.?me|secret|password|example|default|dev-only|test/i;

/** Why a secret is too weak for production, or null when it is acceptable. */
export function secretWeakness(value: string): string | null {
  if (value.length < 32) return `must be at least 32 characters (received ${value.length})`;
  if (new Set(value).size < 10) return 'must be random: it has fewer than 10 distinct characters';
  if (PLACEHOLDER.test(value)) return 'looks like a placeholder; generate one with `openssl rand -base64 48`';
  return null;
}

function checkSecret(name: string, value: string, env: Env): string {
  if (env.NODE_ENV !== 'production') return value;
  const weakness = secretWeakness(value);
  if (weakness) throw new ConfigError(`Invalid configuration:\n  ${name}: ${weakness} (value not shown)`);
  return value;
}

/**
 * A required secret: in production it must be set and strong (never echoed in errors);
 * elsewhere it falls back to a well-known development value.
 */
export function secret(name: keyof typeof DEV_SECRETS, env: Env): string {
  const value = env[name];
  if (!value) {
    if (env.NODE_ENV === 'production') throw new ConfigError(`Invalid configuration:\n  ${name}: required in production (not set)`);
    return DEV_SECRETS[name];
  }
  return checkSecret(name, value, env);
}

/** An optional secret: unset means the feature it enables is off; when set, production requires it strong. */
export function optionalSecret(name: string, env: Env): string | null {
  const value = env[name];
  return value ? checkSecret(name, value, env) : null;
}

/** A comma-separated list variable; empty entries dropped. */
export const csv = (raw: string | undefined): string[] =>
  raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];

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
  /** Redis for rate-limit counters and the APQ cache (`REDIS_URL`); null keeps them in memory. */
  redisUrl: string | null;
  /** Prefix of every Redis key this deployment writes (`REDIS_KEY_PREFIX`). @default 'ordergraph:' */
  redisKeyPrefix: string;
  /**
   * Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`): addresses, CIDR ranges or
   * `loopback`/`linklocal`/`uniquelocal`. @default [] (the socket address is the client)
   */
  trustedProxies: string[];
  /** Answer introspection queries (`GRAPHQL_INTROSPECTION`). @default true outside production */
  introspection: boolean;
  /**
   * Deepest nesting of a request's variables, extensions and document values (`MAX_INPUT_DEPTH`);
   * deeper requests get 400 BAD_USER_INPUT before any recursive walk. @default 64
   */
  maxInputDepth: number;
}

/** Settings every subgraph shares (the gateway never holds the service-token secret). */
export interface SubgraphCommonConfig extends CommonConfig {
  /** Signs and verifies service-to-service calls (the order saga's internal operations). */
  serviceTokenSecret: string;
  /**
   * Enforce the schema's `@rateLimit` field limits (`FIELD_RATE_LIMITS`). Off only for load
   * tests and benchmarks, which would otherwise measure the limiter. @default true
   */
  fieldRateLimits: boolean;
  /**
   * A demo deployment (`ALLOW_DEMO_ACCOUNTS`): production may load demo data and run with the
   * demo accounts and their published passwords. Production refuses both otherwise. @default false
   */
  allowDemoAccounts: boolean;
  /** Most `_entities` representations one request may ask for (`MAX_ENTITY_REPRESENTATIONS`). @default 10000 */
  maxEntityRepresentations: number;
  /**
   * Who executes the common GraphQL request (`SUBGRAPH_EXECUTION`): 'jit' (a cached, valid POST
   * operation compiled once by graphql-jit; Apollo Server for everything else), 'lean' (the same
   * requests executed by graphql-js) or 'apollo' (Apollo Server's request pipeline for
   * everything). @default 'jit'
   */
  execution: 'jit' | 'lean' | 'apollo';
}

export function loadCommonConfig(env: Env, defaultPort: number): CommonConfig {
  const parsed = parseEnv(
    {
      NODE_ENV: nodeEnv,
      HOST: z.string().default('0.0.0.0'),
      PORT: port(defaultPort),
      REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional(),
      REDIS_KEY_PREFIX: z.string().max(64).default('ordergraph:'),
      TRUSTED_PROXIES: z.string().optional(),
      GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
      MAX_INPUT_DEPTH: integer(DEFAULT_MAX_INPUT_DEPTH, 8),
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
    redisUrl: parsed.REDIS_URL ?? null,
    redisKeyPrefix: parsed.REDIS_KEY_PREFIX,
    trustedProxies: csv(parsed.TRUSTED_PROXIES),
    introspection: parsed.GRAPHQL_INTROSPECTION ? parsed.GRAPHQL_INTROSPECTION === 'true' : parsed.NODE_ENV !== 'production',
    maxInputDepth: parsed.MAX_INPUT_DEPTH,
  };
}

export function loadSubgraphCommonConfig(env: Env, defaultPort: number): SubgraphCommonConfig {
  const parsed = parseEnv(
    {
      FIELD_RATE_LIMITS: booleanFlag(true),
      MAX_ENTITY_REPRESENTATIONS: integer(10_000),
      ALLOW_DEMO_ACCOUNTS: booleanFlag(false),
      SUBGRAPH_EXECUTION: z.enum(['jit', 'lean', 'apollo'], { message: 'expected jit, lean or apollo' }).default('jit'),
    },
    env,
  );
  return {
    ...loadCommonConfig(env, defaultPort),
    serviceTokenSecret: secret('SERVICE_TOKEN_SECRET', env),
    fieldRateLimits: parsed.FIELD_RATE_LIMITS,
    maxEntityRepresentations: parsed.MAX_ENTITY_REPRESENTATIONS,
    allowDemoAccounts: parsed.ALLOW_DEMO_ACCOUNTS,
    execution: parsed.SUBGRAPH_EXECUTION,
  };
}

/** How a subgraph's per-request DataLoaders behave. */
export interface DataLoaderConfig {
  /**
   * Batch loads into one SQL statement per tick (`DATALOADER_BATCHING`). Only the N+1
   * benchmark turns this off, to show what batching saves. @default true
   */
  batch: boolean;
}

export function loadDataLoaderConfig(env: Env): DataLoaderConfig {
  return { batch: parseEnv({ DATALOADER_BATCHING: booleanFlag(true) }, env).DATALOADER_BATCHING };
}
