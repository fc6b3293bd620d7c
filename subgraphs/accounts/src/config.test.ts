import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAccountsConfig } from './config.js';

const production = { NODE_ENV: 'production', IDENTITY_SECRET: 'q8Vh3nT0xZ2pL5wR7yB9mK4cJ6fD1sG0aE3uI8oP', SERVICE_TOKEN_SECRET: 'q8Vh3nT0xZ2pL5wR7yB9mK4cJ6fD1sG0aE3uI8oPs' };

describe('accounts configuration', () => {
  it('production refuses to start without JWT_SIGNING_KEYS, and says how to make one', () => {
    expect(() => loadAccountsConfig(production)).toThrow(/JWT_SIGNING_KEYS: required in production.*pnpm keys:generate/);
  });

  it('development keeps its key under DATA_DIR, or in memory for DATA_DIR=:memory:', () => {
    expect(loadAccountsConfig({ DATA_DIR: '/tmp/og' }).jwt.keys).toEqual({ kind: 'file', path: path.resolve('/tmp/og/keys/accounts-signing-keys.json') });
    expect(loadAccountsConfig({ DATA_DIR: ':memory:' }).jwt.keys).toEqual({ kind: 'memory' });
  });

  it('token lifetimes come from the environment: 15 minutes and 7 days by default', () => {
    expect(loadAccountsConfig({}).jwt).toMatchObject({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 604_800 });
    expect(loadAccountsConfig({ ACCESS_TOKEN_TTL_SECONDS: '300', REFRESH_TOKEN_TTL_SECONDS: '3600' }).jwt).toMatchObject({ accessTokenTtlSeconds: 300, refreshTokenTtlSeconds: 3600 });
    expect(() => loadAccountsConfig({ ACCESS_TOKEN_TTL_SECONDS: '5' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
  });
});
