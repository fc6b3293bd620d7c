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
    expect(secret('SERVICE_TOKEN_SECRET', { NODE_ENV: env })).toBe(DEV_SECRETS.SERVICE_TOKEN_SECRET);
    expect(secret('IDENTITY_SECRET', { NODE_ENV: env, IDENTITY_SECRET: '' })).toBe(DEV_SECRETS.IDENTITY_SECRET);
  });

  it('uses a given value outside production, even a short one', () => {
    expect(secret('SERVICE_TOKEN_SECRET', { NODE_ENV: 'development', SERVICE_TOKEN_SECRET: 'short' })).toBe('short');
  });

  it('refuses a missing value in production, naming the variable', () => {
    const error = configError(() => secret('SERVICE_TOKEN_SECRET', { NODE_ENV: 'production' }));
    expect(error.message).toContain('SERVICE_TOKEN_SECRET: required in production');
    expect(configError(() => secret('IDENTITY_SECRET', { NODE_ENV: 'production', IDENTITY_SECRET: '' })).message).toContain(
      'IDENTITY_SECRET',
    );
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
  it('names the bad variable', () => {
    expect(configError(() => loadCommonConfig({ PORT: '-1' }, 4000)).message).toContain('PORT:');
    expect(configError(() => loadCommonConfig({ NODE_ENV: 'production' }, 4000)).message).toContain('IDENTITY_SECRET');
  });
});
