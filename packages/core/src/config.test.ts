import { describe, expect, it } from 'vitest';
import { ConfigError, loadCommonConfig, loadSubgraphCommonConfig, optionalSecret, parseEnv, secret, secretWeakness } from './config.js';
import { z } from 'zod';

const STRONG = 'q8Vh3nT0xZ2pL5wR7yB9mK4cJ6fD1sG0aE3uI8oP';

describe('secrets in production', () => {
  it('refuses a missing IDENTITY_SECRET and names it', () => {
    expect(() => loadCommonConfig({ NODE_ENV: 'production' }, 1)).toThrow(/IDENTITY_SECRET: required in production/);
  });

  it.each([
    ['too short', 'short-secret'],
    ['the development default', 'dev-only-identity-secret-change-me-in-production'],
    ['a placeholder', 'changeme-changeme-changeme-changeme-1234567'],
    ['low variety', 'a'.repeat(40)],
  ])('refuses a weak IDENTITY_SECRET (%s) without echoing it', (_why, value) => {
    let error: unknown;
    try {
      secret('IDENTITY_SECRET', { NODE_ENV: 'production', IDENTITY_SECRET: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/IDENTITY_SECRET/);
    expect((error as Error).message).not.toContain(value);
  });

  it('accepts a strong secret, and falls back to the dev value outside production', () => {
    expect(secret('IDENTITY_SECRET', { NODE_ENV: 'production', IDENTITY_SECRET: STRONG })).toBe(STRONG);
    expect(secret('IDENTITY_SECRET', {})).toMatch(/^dev-only/);
    expect(secretWeakness(STRONG)).toBeNull();
  });

  it('an optional secret is off when unset and must be strong when set in production', () => {
    expect(optionalSecret('JWT_SECRET', { NODE_ENV: 'production' })).toBeNull();
    expect(() => optionalSecret('JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: 'weak' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });
});

describe('parseEnv never echoes secrets or credentials', () => {
  it('hides values of secret-looking variables and the password in URLs', () => {
    const shape = { JWT_SIGNING_KEYS: z.string().min(1000), REDIS_URL: z.string().regex(/^nope/) };
    let message = '';
    try {
      parseEnv(shape, { JWT_SIGNING_KEYS: '[{"d":"private"}]', REDIS_URL: 'redis://user:hunter2@redis:6379' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/JWT_SIGNING_KEYS/);
    expect(message).toMatch(/REDIS_URL/);
    expect(message).not.toContain('private');
    expect(message).not.toContain('hunter2');
  });
});

describe('common security settings', () => {
  it('reads REDIS_URL, REDIS_KEY_PREFIX, TRUSTED_PROXIES and GRAPHQL_INTROSPECTION', () => {
    const config = loadCommonConfig({ REDIS_URL: 'redis://127.0.0.1:6379', TRUSTED_PROXIES: 'loopback, 10.0.0.0/8', REDIS_KEY_PREFIX: 'x:' }, 1);
    expect(config).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', redisKeyPrefix: 'x:', trustedProxies: ['loopback', '10.0.0.0/8'], introspection: true });
    expect(loadCommonConfig({ NODE_ENV: 'production', IDENTITY_SECRET: STRONG }, 1).introspection).toBe(false);
    expect(() => loadCommonConfig({ REDIS_URL: 'http://nope' }, 1)).toThrow(/REDIS_URL: expected a redis:\/\//);
  });
});

describe('operations settings', () => {
  const configError = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a ConfigError');
  };

  it('reads logging, tracing, metrics and shutdown settings with their defaults', () => {
    expect(loadCommonConfig({ NODE_ENV: 'production', IDENTITY_SECRET: STRONG }, 1)).toMatchObject({
      telemetry: {
        logLevel: 'info',
        logPretty: false,
        serviceName: null,
        otlpEndpoint: null,
        traceSampler: 'parentbased_traceidratio',
        traceSampleRatio: 1,
        metricsEnabled: true,
        metricsMaxOperations: 200,
        // Production serves /metrics on a port of its own, not on the public API port.
        metricsPort: 9464,
      },
      shutdown: { delayMs: 0, timeoutMs: 25_000 },
    });
    expect(loadCommonConfig({ NODE_ENV: 'production', IDENTITY_SECRET: STRONG, METRICS_PORT: 'api' }, 1).telemetry.metricsPort).toBeNull();
    expect(loadCommonConfig({ NODE_ENV: 'development' }, 1).telemetry.metricsPort).toBeNull();
    expect(loadCommonConfig({ METRICS_PORT: '9100' }, 1).telemetry.metricsPort).toBe(9100);
    const config = loadCommonConfig(
      {
        LOG_LEVEL: 'debug',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_TRACES_SAMPLER_ARG: '0.05',
        METRICS_MAX_OPERATIONS: '50',
        SHUTDOWN_DELAY_MS: '5000',
        SHUTDOWN_TIMEOUT_MS: '20000',
      },
      4000,
    );
    expect(config.telemetry).toMatchObject({ logLevel: 'debug', logPretty: true, otlpEndpoint: 'http://collector:4318', traceSampleRatio: 0.05, metricsMaxOperations: 50 });
    expect(config.shutdown).toEqual({ delayMs: 5000, timeoutMs: 20_000 });
    expect(loadCommonConfig({ NODE_ENV: 'test' }, 4000).telemetry.logLevel).toBe('warn');
  });

  it('names the bad variable', () => {
    expect(configError(() => loadCommonConfig({ LOG_LEVEL: 'loud' }, 4000)).message).toContain('LOG_LEVEL:');
    expect(configError(() => loadCommonConfig({ OTEL_TRACES_SAMPLER_ARG: '2' }, 4000)).message).toContain('OTEL_TRACES_SAMPLER_ARG:');
    expect(configError(() => loadCommonConfig({ SHUTDOWN_TIMEOUT_MS: 'soon' }, 4000)).message).toContain('SHUTDOWN_TIMEOUT_MS:');
    expect(configError(() => loadCommonConfig({ METRICS_PORT: 'public' }, 4000)).message).toContain('METRICS_PORT:');
  });
});

describe('subgraph execution path', () => {
  it('is jit by default, lean or apollo when asked, and refuses anything else by name', () => {
    expect(loadSubgraphCommonConfig({ SUBGRAPH_EXECUTION: 'apollo' }, 1).execution).toBe('apollo');
    expect(loadSubgraphCommonConfig({ SUBGRAPH_EXECUTION: 'lean' }, 1).execution).toBe('lean');
    expect(loadSubgraphCommonConfig({}, 1).execution).toBe('jit');
    expect(() => loadSubgraphCommonConfig({ SUBGRAPH_EXECUTION: 'graphql-js' }, 1)).toThrow(/SUBGRAPH_EXECUTION: expected jit, lean or apollo \(received "graphql-js"\)/);
  });
});
