import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SECRETS } from '@ordergraph/core';
import { DEFAULT_SUPERGRAPH_PATH, loadGatewayConfig } from './config.js';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), IDENTITY_SECRET: 'i'.repeat(40) };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

describe('loadGatewayConfig', () => {
  it('has working development defaults', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 4000,
      supergraphPath: DEFAULT_SUPERGRAPH_PATH,
      subgraphUrls: {},
      introspect: null,
      landingPage: true,
      introspection: true,
      exposeErrorDetails: true,
    });
    expect(DEFAULT_SUPERGRAPH_PATH).toMatch(/gateway[/\\]supergraph\.graphql$/);
  });

  it('reads SUBGRAPH_URL_<NAME> overrides under the lower-cased name', () => {
    const config = loadGatewayConfig({
      SUBGRAPH_URL_ORDERS: 'http://orders:4003/graphql',
      SUBGRAPH_URL_MY_REVIEWS: 'https://reviews.internal/graphql',
      SUBGRAPH_URL_EMPTY: '',
      SUBGRAPH_URLS: 'not an override',
    });
    expect(config.subgraphUrls).toEqual({ orders: 'http://orders:4003/graphql', my_reviews: 'https://reviews.internal/graphql' });
  });

  it('names a SUBGRAPH_URL_<NAME> variable that is not a URL', () => {
    const error = configError(() => loadGatewayConfig({ SUBGRAPH_URL_PAYMENTS: 'payments:4004' }));
    expect(error.message).toContain('SUBGRAPH_URL_PAYMENTS: expected a URL');
    expect(error.message).toContain('"payments:4004"');
  });

  it('parses INTROSPECT_SUBGRAPHS into name/url pairs', () => {
    const config = loadGatewayConfig({
      INTROSPECT_SUBGRAPHS: 'users=http://127.0.0.1:5001/graphql, reviews = http://127.0.0.1:5002/graphql',
    });
    expect(config.introspect).toEqual([
      { name: 'users', url: 'http://127.0.0.1:5001/graphql' },
      { name: 'reviews', url: 'http://127.0.0.1:5002/graphql' },
    ]);
  });

  it('keeps an INTROSPECT_SUBGRAPHS URL whole when it has its own "=" (query string)', () => {
    const config = loadGatewayConfig({ INTROSPECT_SUBGRAPHS: 'users=http://users:5001/graphql?tenant=acme&v=2' });
    expect(config.introspect).toEqual([{ name: 'users', url: 'http://users:5001/graphql?tenant=acme&v=2' }]);
  });

  it.each([
    ['a name without a URL', 'users'],
    ['an empty URL', 'users='],
    ['an empty name', '=http://127.0.0.1:5001/graphql'],
    ['a URL that does not parse', 'users=127.0.0.1:5001'],
    ['a URL without http://', 'users=localhost:5001/graphql'],
    ['a trailing comma', 'users=http://127.0.0.1:5001/graphql,'],
  ])('names INTROSPECT_SUBGRAPHS for %s', (_name, value) => {
    const error = configError(() => loadGatewayConfig({ INTROSPECT_SUBGRAPHS: value }));
    expect(error.message).toContain('INTROSPECT_SUBGRAPHS: expected name=url pairs');
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('refuses to start in production without IDENTITY_SECRET, or with the development one', () => {
    const { IDENTITY_SECRET: _identity, ...noIdentity } = PRODUCTION;
    expect(configError(() => loadGatewayConfig(noIdentity)).message).toContain('IDENTITY_SECRET: required in production');
    expect(configError(() => loadGatewayConfig({ ...PRODUCTION, IDENTITY_SECRET: DEV_SECRETS.IDENTITY_SECRET })).message).toContain(
      'IDENTITY_SECRET',
    );
  });
});
