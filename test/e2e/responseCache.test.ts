import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { connectRedis, startTestStack, type TestStack } from '@ordergraph/testing';

const CATALOG = '{ products(first: 3) { totalCount edges { node { id name price { amount } } } } }';
const WITH_STOCK = '{ products(first: 3) { edges { node { id inventory { available } } } } }';

// In Redis when TEST_REDIS_URL is set (startTestStack then sets REDIS_URL and a REDIS_KEY_PREFIX of
// its own), else in this process's memory: CI runs both.
const redisUrl = process.env.TEST_REDIS_URL;

describe(`response cache ${redisUrl ? 'in Redis' : 'in memory'} (GATEWAY_RESPONSE_CACHE=true)`, () => {
  let stack: TestStack;
  // A query text no other run has cached (Redis outlives the stack).
  const salt = randomBytes(4).toString('hex');
  const catalog = CATALOG.replace('{ products', `query Catalog_${salt} { products`);
  beforeAll(async () => {
    stack = await startTestStack({ GATEWAY_RESPONSE_CACHE: 'true' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves public catalog data from the cache with the subgraph’s max-age', async () => {
    const first = await stack.gql(catalog);
    expect(first.headers.get('cache-control')).toBe('max-age=30, public');
    const before = stack.statements().products;
    const second = await stack.gql(catalog);
    expect(stack.statements().products).toBe(before);
    expect(second.body).toEqual(first.body);
    expect(second.body.data.products.totalCount).toBe(DEMO_PRODUCTS.length);
    // Only a response served from the cache carries Age (seconds since it was stored).
    expect(first.headers.get('age')).toBeNull();
    expect(second.headers.get('age')).toMatch(/^\d+$/);
    expect(Number(second.headers.get('age'))).toBeLessThanOrEqual(30);
  });

  it.skipIf(!redisUrl)('keeps its entries under the deployment’s REDIS_KEY_PREFIX', async () => {
    const prefix = stack.env.REDIS_KEY_PREFIX!;
    expect(prefix).toMatch(/^ordergraph-test:/);
    const redis = connectRedis(redisUrl!);
    try {
      const keys = await redis.keys(`${prefix}response:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('caches stock levels for 5 s only (the lowest hint wins)', async () => {
    const { headers } = await stack.gql(WITH_STOCK.replace('{ products', `query Stock_${salt} { products`));
    expect(headers.get('cache-control')).toBe('max-age=5, public');
  });

  it('never caches a response with un-hinted (private) data', async () => {
    const token = await stack.signIn(DEMO_CUSTOMERS[1]!.email, DEMO_CUSTOMERS[1]!.password);
    const query = `query Mine_${salt} { products(first: 1) { totalCount } me { email } }`;
    const first = await stack.gql(query, {}, { token });
    expect(first.headers.get('cache-control')).toBe('no-store');
    const before = stack.statements().accounts;
    const again = await stack.gql(query, {}, { token });
    expect(stack.statements().accounts).toBeGreaterThan(before);
    expect(again.body.data.me.email).toBe(DEMO_CUSTOMERS[1]!.email);
  });
});
