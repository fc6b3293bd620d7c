import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SECRETS, booleanFlag, loadCommonConfig, nodeEnv, parseEnv, port, secret, url } from './config.js';

const SHAPE = {
  NODE_ENV: nodeEnv,
  PORT: port(4000),
  VERBOSE: booleanFlag(false),
  UPSTREAM_URL: url,
  NAME: z.string().default('ordergraph'),
};

/** The ConfigError `fn` throws (fails the test otherwise). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

describe('parseEnv', () => {
  it('returns typed values and applies defaults', () => {
    const parsed = parseEnv(SHAPE, { PORT: '4100', VERBOSE: '1', UPSTREAM_URL: 'http://localhost:4001/graphql' });
    expect(parsed).toEqual({
      NODE_ENV: 'development',
      PORT: 4100,
      VERBOSE: true,
      UPSTREAM_URL: 'http://localhost:4001/graphql',
      NAME: 'ordergraph',
    });
  });

  it('treats an empty variable as not set', () => {
    const parsed = parseEnv(SHAPE, { PORT: '', VERBOSE: '', NODE_ENV: '', UPSTREAM_URL: 'http://x/graphql' });
    expect(parsed).toMatchObject({ PORT: 4000, VERBOSE: false, NODE_ENV: 'development' });
  });

  it('reports every bad variable at once, each by name with what it received', () => {
    const error = configError(() =>
      parseEnv(SHAPE, { NODE_ENV: 'staging', PORT: '99999', VERBOSE: 'yes', UPSTREAM_URL: 'not a url' }),
    );
    const lines = error.message.split('\n').slice(1);
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes('NODE_ENV:'))).toContain('(received "staging")');
    expect(lines.find((l) => l.includes('PORT:'))).toMatch(/expected a port from 0 to 65535 \(received "99999"\)/);
    expect(lines.find((l) => l.includes('VERBOSE:'))).toMatch(/expected true or false \(received "yes"\)/);
    expect(lines.find((l) => l.includes('UPSTREAM_URL:'))).toMatch(/expected a URL.*\(received "not a url"\)/);
    expect(error.message).not.toContain('NAME:');
  });

  it('says when a required variable is not set', () => {
    const error = configError(() => parseEnv({ UPSTREAM_URL: url }, {}));
    expect(error.message).toMatch(/UPSTREAM_URL: .*\(not set\)/);
  });

  it('rejects a port that is not an integer', () => {
    expect(configError(() => parseEnv({ PORT: port(1) }, { PORT: 'abc' })).message).toContain('PORT:');
    expect(configError(() => parseEnv({ PORT: port(1) }, { PORT: '80.5' })).message).toContain('PORT:');
  });
});

describe('secret', () => {
  const strong = 'k'.repeat(31) + 'Z'; // exactly 32 characters

  it.each([undefined, 'development', 'test'])('falls back to the development value when NODE_ENV=%s', (env) => {
    expect(secret('JWT_SECRET', { NODE_ENV: env })).toBe(DEV_SECRETS.JWT_SECRET);
    expect(secret('IDENTITY_SECRET', { NODE_ENV: env, IDENTITY_SECRET: '' })).toBe(DEV_SECRETS.IDENTITY_SECRET);
  });

  it('uses a given value outside production, even a short one', () => {
    expect(secret('JWT_SECRET', { NODE_ENV: 'development', JWT_SECRET: 'short' })).toBe('short');
  });

  it('accepts a value of at least 32 characters in production', () => {
    expect(secret('JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: strong })).toBe(strong);
  });

  it('refuses a missing value in production, naming the variable', () => {
    const error = configError(() => secret('JWT_SECRET', { NODE_ENV: 'production' }));
    expect(error.message).toContain('JWT_SECRET: required in production');
    expect(configError(() => secret('IDENTITY_SECRET', { NODE_ENV: 'production', IDENTITY_SECRET: '' })).message).toContain(
      'IDENTITY_SECRET',
    );
  });

  it('refuses a short value in production without echoing it', () => {
    const value = strong.slice(1); // 31 characters
    const error = configError(() => secret('IDENTITY_SECRET', { NODE_ENV: 'production', IDENTITY_SECRET: value }));
    expect(error.message).toContain('IDENTITY_SECRET: must be a random value of at least 32 characters');
    expect(error.message).not.toContain(value);
  });

  it.each(Object.keys(DEV_SECRETS) as Array<keyof typeof DEV_SECRETS>)(
    'refuses the well-known development %s in production',
    (name) => {
      expect(DEV_SECRETS[name].length).toBeGreaterThanOrEqual(32); // so only the equality check can catch it
      const error = configError(() => secret(name, { NODE_ENV: 'production', [name]: DEV_SECRETS[name] }));
      expect(error.message).toContain(name);
    },
  );
});

describe('loadCommonConfig', () => {
  it('exposes error details everywhere but production', () => {
    expect(loadCommonConfig({}, 4000)).toMatchObject({ nodeEnv: 'development', host: '0.0.0.0', port: 4000, exposeErrorDetails: true });
    const prod = loadCommonConfig({ NODE_ENV: 'production', IDENTITY_SECRET: 'p'.repeat(40), PORT: '8080' }, 4000);
    expect(prod).toEqual({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 8080,
      exposeErrorDetails: false,
      identitySecret: 'p'.repeat(40),
      telemetry: {
        logLevel: 'info',
        logPretty: false,
        serviceName: null,
        otlpEndpoint: null,
        traceSampler: 'parentbased_traceidratio',
        traceSampleRatio: 1,
        metricsEnabled: true,
        metricsMaxOperations: 200,
      },
      shutdown: { delayMs: 0, timeoutMs: 25_000 },
    });
  });

  it('reads logging, tracing, metrics and shutdown settings, naming any bad one', () => {
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
    expect(configError(() => loadCommonConfig({ LOG_LEVEL: 'loud' }, 4000)).message).toContain('LOG_LEVEL:');
    expect(configError(() => loadCommonConfig({ OTEL_TRACES_SAMPLER_ARG: '2' }, 4000)).message).toContain('OTEL_TRACES_SAMPLER_ARG:');
    expect(configError(() => loadCommonConfig({ SHUTDOWN_TIMEOUT_MS: 'soon' }, 4000)).message).toContain('SHUTDOWN_TIMEOUT_MS:');
  });

  it('names the bad variable', () => {
    expect(configError(() => loadCommonConfig({ PORT: '-1' }, 4000)).message).toContain('PORT:');
    expect(configError(() => loadCommonConfig({ NODE_ENV: 'production' }, 4000)).message).toContain('IDENTITY_SECRET');
  });
});
