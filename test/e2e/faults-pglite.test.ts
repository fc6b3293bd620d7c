import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { waitFor } from '../support/faultLoad.js';

// The embedded database (PGlite) closing while requests run against it — a crashed or
// deleted data directory on a `pnpm dev` machine. Always on PGlite, whatever TEST_DATABASE_URL
// says. Nothing may crash the process (vitest fails the file on any unhandled rejection or
// uncaught exception), every failed read is a coded, retryable SERVICE_UNAVAILABLE (never
// INTERNAL_SERVER_ERROR), products reports not ready, and the other subgraphs keep serving.
const CATALOG = '{ products(first: 5) { totalCount edges { node { id name inventory { available } } } } }';

describe('PGlite closing under load', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ DATABASE_URL: '', DATA_DIR: ':memory:', FIELD_RATE_LIMITS: 'false' });
  });
  afterAll(async () => {
    await stack?.stop().catch(() => undefined);
  });

  it('turns every failed read into SERVICE_UNAVAILABLE, reports not ready, and keeps the rest serving', async () => {
    const codes: string[] = [];
    const statuses = new Set<number>();
    let answered = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const { status, body } = await stack.gql(CATALOG);
        statuses.add(status);
        answered++;
        for (const e of body.errors ?? []) {
          codes.push(String(e.extensions?.code));
          if (e.extensions?.code === 'SERVICE_UNAVAILABLE') expect(e.extensions?.retryable).toBe(true);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, worker));
    await waitFor('reads before the fault', () => answered >= 20, 30_000);
    expect(codes).toEqual([]);

    await stack.subgraphs.products.database.db.close();
    const closedAt = answered;
    await waitFor('reads after the fault', () => answered >= closedAt + 40, 30_000);
    running = false;
    await load;

    expect(codes.length).toBeGreaterThan(0);
    expect([...new Set(codes)]).toEqual(['SERVICE_UNAVAILABLE']);
    expect([...statuses].filter((s) => s >= 500)).toEqual([]);
    const ready = await fetch(new URL('/health/ready', stack.subgraphs.products.url));
    expect(ready.status).toBe(503);
    expect((await fetch(new URL('/health/live', stack.subgraphs.products.url))).status).toBe(200);
    // Accounts and orders have their own databases: a signed-in read that needs no product still works.
    const token = await stack.signIn('alice@ordergraph.dev', 'alice-dev-password');
    const me = await stack.gql('{ me { email orders(first: 1) { totalCount } } }', {}, { token });
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data.me.email).toBe('alice@ordergraph.dev');
  });
});
