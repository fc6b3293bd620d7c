import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRETS, IdentityCodec } from '@ordergraph/core';
import { scrapeMetrics, startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE } from '../support/orders.js';
import { collect, wsClient } from '../support/wsClient.js';

let stack: TestStack;
const codec = new IdentityCodec(DEV_SECRETS.IDENTITY_SECRET);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function gauges() {
  const scrape = await scrapeMetrics(stack.subgraphs.orders.url);
  return { connections: scrape.value('websocket_connections'), subscriptions: scrape.value('graphql_active_subscriptions') };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('WebSockets and shutdown', () => {
  it('counts open sockets and running subscriptions, then on shutdown closes them with 1001 and stops promptly', async () => {
    expect(await gauges()).toEqual({ connections: 0, subscriptions: 0 });
    const closes: number[] = [];
    const client = wsClient(stack.subgraphs.orders.url, {
      connectionParams: { identity: await codec.sign({ customerId: ALICE.id, role: ALICE.role }) },
      on: { closed: (event) => closes.push((event as { code: number }).code) },
    });
    const feed = collect(client, 'subscription { myOrderUpdates { id status } }');
    await waitFor(async () => (await gauges()).subscriptions === 1);
    expect(await gauges()).toEqual({ connections: 1, subscriptions: 1 });

    const started = Date.now();
    await stack.subgraphs.orders.stop();
    expect(Date.now() - started).toBeLessThan(5000); // the open socket does not hold the drain
    await waitFor(async () => closes.length > 0);
    expect(closes).toEqual([1001]);
    expect(feed.completed || feed.errors.length > 0).toBe(true);
    await client.dispose();
  });
});
