import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics, startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE } from '../support/orders.js';
import { collect, wsClient } from '../support/wsClient.js';
import { waitFor } from '../support/waitFor.js';

// Hot reload: the gateway serves a supergraph file that changes under load, written in place and
// replaced by a rename; a bad file is refused while the old schema keeps serving.
const FULL = readFileSync(fileURLToPath(new URL('../../gateway/supergraph.graphql', import.meta.url)), 'utf8');
const SKU_FIELD = '  sku: String! @join__field(graph: PRODUCTS)\n';
/** The same supergraph without Product.sku: reloading FULL adds the field. */
const WITHOUT_SKU = FULL.replace(SKU_FIELD, '');
const hash = (sdl: string) => createHash('sha256').update(sdl).digest('hex');

let stack: TestStack;
let gateway: { url: string; stop(): Promise<void> };
let dir: string;
let path: string;

beforeAll(async () => {
  expect(WITHOUT_SKU).not.toBe(FULL);
  dir = mkdtempSync(join(tmpdir(), 'supergraph-reload-'));
  path = join(dir, 'supergraph.graphql');
  writeFileSync(path, WITHOUT_SKU);
  stack = await startTestStack();
  gateway = await stack.startGateway({ SUPERGRAPH_PATH: path });
});
afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SKU_QUERY = '{ products(first: 2) { edges { node { id sku } } } }';
const skuServed = async () => (await stack.gql(SKU_QUERY, {}, { url: gateway.url })).body.data?.products?.edges?.[0]?.node?.sku !== undefined;

/** Requests running back to back on 4 connections until stopped: every answer must be a 200 with data. */
function load() {
  let running = true;
  const failures: unknown[] = [];
  let count = 0;
  const worker = async () => {
    while (running) {
      const response = await stack.gql('{ products(first: 3) { totalCount edges { node { id name price { amount } } } } }', {}, { url: gateway.url }).catch((error: unknown) => ({ status: 0, body: { errors: [String(error)] } }));
      count++;
      if (response.status !== 200 || response.body.errors || !(response.body as { data?: any }).data?.products) failures.push(response.body);
    }
  };
  const workers = Promise.all([worker(), worker(), worker(), worker()]);
  return {
    failures,
    count: () => count,
    stop: async () => {
      running = false;
      await workers;
    },
  };
}

describe('supergraph hot reload', () => {
  it('swaps the schema under load, in place and by rename, without a failed request; refuses an invalid supergraph', async () => {
    expect(await skuServed()).toBe(false);
    const traffic = load();
    await waitFor('traffic', () => traffic.count() > 10);

    writeFileSync(path, FULL); // in place
    await waitFor('Product.sku after an in-place write', skuServed, 10_000, 50);

    const next = join(dir, 'supergraph.graphql.next');
    writeFileSync(next, WITHOUT_SKU);
    renameSync(next, path); // replaced atomically, as deploy tools and ConfigMaps do
    await waitFor('Product.sku gone after a rename', async () => !(await skuServed()), 10_000, 50);

    const before = traffic.count();
    await waitFor('traffic after the reloads', () => traffic.count() > before + 10);
    await traffic.stop();
    expect(traffic.failures).toEqual([]);

    let metrics = await scrapeMetrics(gateway.url);
    expect(metrics.value('supergraph_reloads_total', { result: 'success' })).toBe(2);
    expect(metrics.value('supergraph_info', { hash: hash(WITHOUT_SKU) })).toBe(1);

    writeFileSync(path, `${FULL}\ntype Broken { field: NoSuchType }\n`);
    metrics = await waitFor('the invalid supergraph to be refused', async () => {
      const scraped = await scrapeMetrics(gateway.url);
      return scraped.value('supergraph_reloads_total', { result: 'invalid' })! >= 1 ? scraped : null;
    });
    expect(metrics.value('supergraph_info', { hash: hash(WITHOUT_SKU) })).toBe(1);
    expect(await skuServed()).toBe(false);
    const products = await stack.gql('{ products(first: 1) { totalCount } }', {}, { url: gateway.url });
    expect(products.body.errors).toBeUndefined();
  });

  it('ends running subscriptions with SUBSCRIPTION_SCHEMA_RELOAD when the supergraph changes', async () => {
    writeFileSync(path, WITHOUT_SKU);
    const token = await stack.signIn(ALICE.email, ALICE.password);
    const client = wsClient(gateway.url, { connectionParams: { authorization: `Bearer ${token}` } });
    const feed = collect(client, 'subscription { myOrderUpdates { id } }');
    const { customerOrdersChannel } = await import('@ordergraph/pubsub');
    await waitFor('the upstream subscription', () => stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id)) > 0);
    writeFileSync(path, FULL);
    await waitFor('the subscription to end', () => feed.errors.length > 0);
    expect(JSON.stringify(feed.errors)).toContain('SUBSCRIPTION_SCHEMA_RELOAD');
    await client.dispose();
  });
});
