import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

// Automatic persisted queries are Apollo Server's; our executor must keep them working
// (it plans from the document Apollo Server resolved from the hash).
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const post = (body: unknown) =>
  fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
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
