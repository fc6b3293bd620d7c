import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { connectRedis, startTestStack, type TestStack } from '@ordergraph/testing';

// Automatic persisted queries are Apollo Server's; our executor must keep them working
// (it plans from the document Apollo Server resolved from the hash).
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const post = (body: unknown, url = stack.gatewayUrl, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as any }),
  );

describe('automatic persisted queries through our executor', () => {
  it('asks for an unknown hash, registers it with the query, then runs from the hash alone', async () => {
    const query = '{ products(first: 2) { totalCount edges { node { name } } } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const unknown = await post({ extensions: { persistedQuery } });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post({ query, extensions: { persistedQuery } });
    expect(registered.body.data.products.totalCount).toBe(DEMO_PRODUCTS.length);
    const byHash = await post({ extensions: { persistedQuery } });
    expect(byHash.body).toEqual(registered.body);
  });
});

describe('what APQ clients can store is bounded (APQ_MAX_BYTES, APQ_CLIENT_QUOTA_BYTES)', () => {
  let gateway: { url: string; stop(): Promise<void> };
  const salt = randomBytes(4).toString('hex');
  beforeAll(async () => {
    gateway = await stack.startGateway({ APQ_MAX_BYTES: '2000', APQ_CLIENT_QUOTA_BYTES: '3000' });
  });
  const hashOf = (query: string) => ({ version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') });
  /** Register `query` (it runs either way), then report whether the hash alone finds it. */
  const register = async (query: string, headers: Record<string, string> = {}, url = gateway.url) => {
    const persistedQuery = hashOf(query);
    const registered = await post({ query, extensions: { persistedQuery } }, url, headers);
    expect(registered.body.data.products.totalCount).toBe(DEMO_PRODUCTS.length);
    const byHash = await post({ extensions: { persistedQuery } }, url, headers);
    return byHash.body.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND' ? 'not stored' : 'stored';
  };
  const padded = (name: string, padding: string) => `query ${name}_${salt} { products(first: 1) { totalCount } }\n# ${padding}`;

  it('does not store a document over the byte limit: a comment counts (no tokens), and bytes, not characters', async () => {
    expect(await register(padded('Small', 'x'.repeat(100)))).toBe('stored');
    expect(await register(padded('Padded', 'x'.repeat(900_000)))).toBe('not stored');
    // 1,100 characters, 2,200 bytes.
    expect(await register(padded('Wide', 'é'.repeat(1100)))).toBe('not stored');
  });

  it('bounds the bytes one client registers per window; another client has its own quota', async () => {
    const outcomes: string[] = [];
    // About 900 bytes each: the quota (3,000, minus what the test above stored) holds two more at most.
    for (let i = 0; i < 4; i++) outcomes.push(await register(padded(`Quota${i}`, 'y'.repeat(850))));
    expect(outcomes.slice(0, 2)).toEqual(['stored', 'stored']);
    expect(outcomes.slice(2)).toContain('not stored');
    expect(outcomes.lastIndexOf('stored')).toBeLessThan(outcomes.indexOf('not stored'));
    const token = await stack.signIn(DEMO_CUSTOMERS[2]!.email, DEMO_CUSTOMERS[2]!.password);
    expect(await register(padded('Other', 'z'.repeat(850)), { authorization: `Bearer ${token}` })).toBe('stored');
  });

  it.skipIf(!process.env.TEST_REDIS_URL)('stores documents in Redis under REDIS_KEY_PREFIX, with the configured TTL', async () => {
    const query = padded('Keyed', 'k');
    // Through the stack's own gateway (default quota): this IP's 3,000 bytes are spent above.
    expect(await register(query, {}, stack.gatewayUrl)).toBe('stored');
    const redis = connectRedis(process.env.TEST_REDIS_URL!);
    try {
      const key = `${stack.env.REDIS_KEY_PREFIX}apq:${hashOf(query).sha256Hash}`;
      expect(await redis.get(key)).toBe(query);
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(86_000);
      expect(ttl).toBeLessThanOrEqual(86_400);
    } finally {
      redis.disconnect();
    }
  });
});
