import { ConfigError } from '@ordergraph/core';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, resolveDatabaseTarget } from './target.js';

describe('resolveDatabaseTarget', () => {
  it('reads pool settings, the service’s own variable over the shared one', () => {
    const target = resolveDatabaseTarget('orders', {
      DATABASE_URL: 'postgresql://localhost/shared',
      DATABASE_POOL_SIZE: '20',
      ORDERS_DATABASE_POOL_SIZE: '4',
      DATABASE_QUERY_TIMEOUT_MS: '2500',
      DATABASE_CONNECT_TIMEOUT_MS: '',
    });
    expect(target).toMatchObject({ kind: 'postgres', pool: { poolSize: 4, queryTimeoutMs: 2500 } });
    expect(target.kind === 'postgres' && target.pool?.connectTimeoutMs).toBeUndefined();
    expect(resolveDatabaseTarget('orders', { DATABASE_URL: 'postgresql://localhost/shared' })).not.toHaveProperty('pool');
  });

  it.each([
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', 'ten'],
    ['ORDERS_DATABASE_QUERY_TIMEOUT_MS', '1.5'],
    ['DATABASE_CONNECT_TIMEOUT_MS', '99999999'],
  ])('refuses %s=%s with a ConfigError naming it', (name, value) => {
    expect(() => resolveDatabaseTarget('orders', { DATABASE_URL: 'postgresql://localhost/shared', [name]: value })).toThrow(ConfigError);
    expect(() => resolveDatabaseTarget('orders', { DATABASE_URL: 'postgresql://localhost/shared', [name]: value })).toThrow(name);
  });

  it('uses <SERVICE>_DATABASE_URL with the schema from ?schema=, removed from the URL', () => {
    const target = resolveDatabaseTarget('orders', {
      ORDERS_DATABASE_URL: 'postgresql://app:pw@db.internal:5432/orders?schema=orders_v2&sslmode=require',
    });
    expect(target).toEqual({
      kind: 'postgres',
      url: 'postgresql://app:pw@db.internal:5432/orders?sslmode=require',
      schema: 'orders_v2',
    });
  });

  it('defaults an own URL without ?schema= to public', () => {
    expect(resolveDatabaseTarget('payments', { PAYMENTS_DATABASE_URL: 'postgresql://localhost/pay' })).toMatchObject({
      kind: 'postgres',
      schema: 'public',
    });
  });

  it('prefers the service’s own URL to the shared one, and ignores the prefix for it', () => {
    const target = resolveDatabaseTarget('orders', {
      ORDERS_DATABASE_URL: 'postgresql://own-host/own',
      DATABASE_URL: 'postgresql://shared-host/shared',
      DATABASE_SCHEMA_PREFIX: 'pre_',
    });
    expect(target).toEqual({ kind: 'postgres', url: 'postgresql://own-host/own', schema: 'public' });
  });

  it('gives each service its own schema in a shared DATABASE_URL, with the prefix', () => {
    const env = { DATABASE_URL: 'postgresql://root@127.0.0.1:5432/test', DATABASE_SCHEMA_PREFIX: 't1a2_' };
    expect(resolveDatabaseTarget('orders', env)).toEqual({ kind: 'postgres', url: env.DATABASE_URL, schema: 't1a2_orders' });
    expect(resolveDatabaseTarget('accounts', env)).toMatchObject({ schema: 't1a2_accounts' });
    expect(resolveDatabaseTarget('orders', { DATABASE_URL: env.DATABASE_URL })).toMatchObject({ schema: 'orders' });
  });

  it('ignores ?schema= on the shared URL (each service needs its own schema)', () => {
    expect(resolveDatabaseTarget('products', { DATABASE_URL: 'postgresql://h/db?schema=one' })).toEqual({
      kind: 'postgres',
      url: 'postgresql://h/db',
      schema: 'products',
    });
  });

  it('falls back to a PGlite directory per service under DATA_DIR (default .data)', () => {
    expect(resolveDatabaseTarget('products', { DATA_DIR: '/var/lib/og' })).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/og/pglite/products',
    });
    expect(resolveDatabaseTarget('products', {})).toEqual({ kind: 'pglite', dataDir: path.resolve('.data', 'pglite', 'products') });
  });

  it('keeps PGlite in memory for DATA_DIR=:memory:', () => {
    expect(resolveDatabaseTarget('accounts', { DATA_DIR: ':memory:' })).toEqual({ kind: 'pglite', dataDir: null });
  });

  it('names the variable holding a bad URL, without echoing its password', () => {
    expect(() => resolveDatabaseTarget('orders', { ORDERS_DATABASE_URL: 'not a url' })).toThrow(
      /^Invalid configuration:\n {2}ORDERS_DATABASE_URL: expected a postgresql:\/\/ URL, received "not a url"/,
    );
    expect(() => resolveDatabaseTarget('orders', { ORDERS_DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    let message = '';
    try {
      resolveDatabaseTarget('orders', { DATABASE_URL: 'postgresql://app:s3cret-pw@db:notaport/x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration:\n {2}DATABASE_URL: /);
    expect(message).toContain('app:***@db');
    expect(message).not.toContain('s3cret-pw');
  });

  it.each([
    ['an upper-case ?schema=', { ORDERS_DATABASE_URL: 'postgresql://h/db?schema=Orders' }],
    ['a quote in ?schema=', { ORDERS_DATABASE_URL: 'postgresql://h/db?schema=x%22%3B%20drop' }],
    ['a schema starting with a digit', { ORDERS_DATABASE_URL: 'postgresql://h/db?schema=1orders' }],
    ['a prefix with a dash', { DATABASE_URL: 'postgresql://h/db', DATABASE_SCHEMA_PREFIX: 'ci-' }],
    ['a name over 63 characters', { DATABASE_URL: 'postgresql://h/db', DATABASE_SCHEMA_PREFIX: 'p'.repeat(60) }],
  ])('refuses %s', (_name, env) => {
    expect(() => resolveDatabaseTarget('orders', env)).toThrow(/Database schema name ".*" for orders must match/);
  });
});

describe('describeTarget', () => {
  it('describes where the data lives without credentials', () => {
    expect(describeTarget({ kind: 'pglite', dataDir: null })).toBe('PGlite (in memory)');
    expect(describeTarget({ kind: 'pglite', dataDir: '/d/pglite/orders' })).toBe('PGlite at /d/pglite/orders');
    const described = describeTarget({ kind: 'postgres', url: 'postgresql://app:pw@db:5432/main', schema: 'orders' });
    expect(described).toBe('PostgreSQL db:5432/main schema "orders"');
  });
});
