import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

const CATALOG = '{ products(first: 3) { totalCount edges { node { id name price { amount } } } } }';
const WITH_STOCK = '{ products(first: 3) { edges { node { id inventory { available } } } } }';

/** Redis at 127.0.0.1:6379, if this machine runs one (CI does); the in-memory store is tested regardless. */
const redisUrl = await new Promise<string | null>((resolve) => {
  const socket = new Socket();
  socket.setTimeout(500);
  socket.once('connect', () => resolve('redis://127.0.0.1:6379/0')).once('error', () => resolve(null)).once('timeout', () => resolve(null));
  socket.connect(6379, '127.0.0.1');
}).finally(() => undefined);

describe.each([
  ['in memory', {}],
  ...(redisUrl ? [['in Redis', { REDIS_URL: redisUrl }] as const] : []),
] as Array<[string, Record<string, string>]>)('response cache %s (GATEWAY_RESPONSE_CACHE=true)', (_name, extraEnv) => {
  let stack: TestStack;
  // A query text no other run has cached (Redis outlives the stack).
  const salt = randomBytes(4).toString('hex');
  const catalog = CATALOG.replace('{ products', `query Catalog_${salt} { products`);
  beforeAll(async () => {
    stack = await startTestStack({ GATEWAY_RESPONSE_CACHE: 'true', ...extraEnv });
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
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
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
