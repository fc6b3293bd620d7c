import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, loadGatewayConfig } from '@ordergraph/gateway';
import { createProductsService, loadProductsConfig } from '@ordergraph/products';
import { startTestStack, type TestStack } from '@ordergraph/testing';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function probe(serviceUrl: string, path: '/health/live' | '/health/ready') {
  const response = await fetch(new URL(path, serviceUrl));
  return { status: response.status, body: (await response.json()) as { status: string; ready?: boolean; checks?: Record<string, string> } };
}

describe('health probes', () => {
  it('reports live and ready, naming every dependency checked', async () => {
    expect(await probe(stack.gatewayUrl, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    const gateway = await probe(stack.gatewayUrl, '/health/ready');
    expect(gateway.status).toBe(200);
    // Redis is a checked dependency whenever it is configured (CI's PostgreSQL pass sets TEST_REDIS_URL).
    const redis = process.env.TEST_REDIS_URL ? { redis: 'ok' } : {};
    expect(gateway.body.checks).toEqual({
      supergraph: 'ok',
      'subgraph:accounts': 'ok',
      'subgraph:orders': 'ok',
      'subgraph:payments': 'ok',
      'subgraph:products': 'ok',
      ...redis,
    });
    const orders = await probe(stack.subgraphs.orders.url, '/health/ready');
    expect(orders).toEqual({ status: 200, body: { status: 'ready', ready: true, checks: { database: 'ok', ...redis } } });
  });

  it('is not ready, with the reason, when a subgraph database is down', async () => {
    const products = await createProductsService(loadProductsConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', PORT: '0' }));
    const url = await products.start(0, '127.0.0.1');
    try {
      expect((await probe(url, '/health/ready')).status).toBe(200);
      await products.database.db.close();
      const ready = await probe(url, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.ready).toBe(false);
      expect(ready.body.checks?.database).toMatch(/unreachable|failed|closed/i);
      // Liveness is about the process, not its dependencies: restarting would not help.
      expect((await probe(url, '/health/live')).status).toBe(200);
    } finally {
      await products.stop().catch(() => undefined);
    }
  });

  it('is not ready when a required subgraph is down, and degraded but ready when it is not required', async () => {
    const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, s.url]));
    // Point payments at a port nothing listens on (the discard port), as if its pods were gone.
    const env = { NODE_ENV: 'test', HOST: '127.0.0.1', ...urls, SUBGRAPH_URL_PAYMENTS: 'http://127.0.0.1:9/graphql' };
    const strict = createGateway(loadGatewayConfig(env));
    const lenient = createGateway(loadGatewayConfig({ ...env, READINESS_REQUIRED_SUBGRAPHS: 'accounts,products,orders' }));
    try {
      const strictUrl = await strict.start(0, '127.0.0.1');
      const lenientUrl = await lenient.start(0, '127.0.0.1');
      const down = await probe(strictUrl, '/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.checks?.['subgraph:payments']).toMatch(/^unreachable at http:\/\/127\.0\.0\.1:9\/graphql/);
      expect(down.body.checks?.['subgraph:orders']).toBe('ok');
      const degraded = await probe(lenientUrl, '/health/ready');
      expect(degraded.status).toBe(200);
      expect(degraded.body.checks?.['subgraph:payments']).toMatch(/^degraded \(not required\): unreachable/);
    } finally {
      await strict.stop();
      await lenient.stop();
    }
  });
});
