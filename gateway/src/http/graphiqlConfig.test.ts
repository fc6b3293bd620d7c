import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config.js';

const prod = { NODE_ENV: 'production', IDENTITY_SECRET: 'q8Vh3nT0xZ2pL5wR7yB9mK4cJ6fD1sG0aE3uI8oP' };

describe('GraphiQL configuration', () => {
  it('is on at /graphiql outside production, off in production unless enabled', () => {
    expect(loadGatewayConfig({}).graphiql).toEqual({ enabled: true, path: '/graphiql', landingPage: false });
    expect(loadGatewayConfig(prod).graphiql.enabled).toBe(false);
    expect(loadGatewayConfig({ ...prod, GRAPHIQL_ENABLED: 'true', GRAPHIQL_PATH: '/explorer' }).graphiql).toEqual({ enabled: true, path: '/explorer', landingPage: false });
  });

  it('replaces Sandbox as the landing page with GRAPHQL_LANDING_PAGE=graphiql', () => {
    const config = loadGatewayConfig({ ...prod, GRAPHQL_LANDING_PAGE: 'graphiql' });
    expect(config.landingPage).toBe(false);
    expect(config.graphiql).toMatchObject({ enabled: true, landingPage: true });
    expect(loadGatewayConfig({ GRAPHQL_LANDING_PAGE: 'sandbox' }).landingPage).toBe(true);
  });

  it('refuses a path it cannot serve, naming the variable', () => {
    expect(() => loadGatewayConfig({ GRAPHIQL_PATH: 'graphiql' })).toThrow(/GRAPHIQL_PATH.*expected a path/s);
    expect(() => loadGatewayConfig({ GRAPHIQL_PATH: '/graphql' })).toThrow(/GRAPHIQL_PATH.*does not already serve/s);
  });
});
