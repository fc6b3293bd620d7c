import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.js';

const STRONG = 'q8Vh3nT0xZ2pL5wR7yB9mK4cJ6fD1sG0aE3uI8oP';
const production = { NODE_ENV: 'production', IDENTITY_SECRET: STRONG };

describe('production refuses to start without real secrets and keys, and says which', () => {
  it('gateway: missing IDENTITY_SECRET, weak JWT_SECRET', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/IDENTITY_SECRET: required in production/);
    expect(() => loadGatewayConfig({ ...production, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
    expect(loadGatewayConfig(production).jwt.secret).toBeNull();
  });
});

describe('gateway security settings', () => {
  it('production turns off introspection and Sandbox, and turns on HSTS', () => {
    const config = loadGatewayConfig(production);
    expect(config).toMatchObject({ introspection: false, landingPage: false, hsts: true, apolloTelemetry: false });
  });

  it('never accepts symmetric or "none" algorithms through JWT_ALGORITHMS', () => {
    expect(() => loadGatewayConfig({ JWT_ALGORITHMS: 'ES256,HS256' })).toThrow(/JWT_ALGORITHMS: expected asymmetric/);
    expect(() => loadGatewayConfig({ JWT_ALGORITHMS: 'none' })).toThrow(/JWT_ALGORITHMS/);
    expect(loadGatewayConfig({ JWT_ALGORITHMS: 'RS256' }).jwt.algorithms).toEqual(['RS256']);
  });

  it('reads the allow-list and limits', () => {
    const config = loadGatewayConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example', GRAPHQL_MAX_DEPTH: '8', RATE_LIMIT_OPERATIONS: '100' });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.limits).toMatchObject({ maxDepth: 8, operationsPerWindow: 100, maxCost: 10_000, maxBatch: 10 });
    expect(() => loadGatewayConfig({ GRAPHQL_MAX_DEPTH: 'deep' })).toThrow(/GRAPHQL_MAX_DEPTH/);
  });

  it('reads PUBLIC_ORIGIN as origins (the WebSocket origin check never uses the Host header)', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'development', PORT: '4100' }).publicOrigins).toEqual(['http://localhost:4100', 'http://127.0.0.1:4100']);
    expect(loadGatewayConfig({ NODE_ENV: 'test' }).publicOrigins).toEqual([]);
    expect(loadGatewayConfig({ PUBLIC_ORIGIN: 'https://API.example.com:443/, http://x.example:8080' }).publicOrigins).toEqual(['https://api.example.com', 'http://x.example:8080']);
    expect(() => loadGatewayConfig({ PUBLIC_ORIGIN: 'https://api.example.com/graphql' })).toThrow(/PUBLIC_ORIGIN: expected origins/);
  });
});
