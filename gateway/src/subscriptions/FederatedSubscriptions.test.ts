import type { FetchNode } from '@apollo/query-planner';
import type { Client, Sink } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@ordergraph/telemetry';
import type { ForwardedIdentitySigner } from '../auth/ForwardedIdentitySigner.js';
import { FederatedSubscriptions } from './FederatedSubscriptions.js';
import type { PlannedSubscription } from './types.js';
import type { UpstreamClients } from './UpstreamClients.js';

/** A graphql-ws client double: records what is subscribed and lets the test play the subgraph. */
class FakeUpstream {
  readonly subscriptions: Array<{ payload: { query: string; variables?: unknown; extensions?: any }; sink: Sink<any>; active: boolean }> = [];
  client(): Client {
    return {
      subscribe: (payload: any, sink: Sink<any>) => {
        const entry = { payload, sink, active: true };
        this.subscriptions.push(entry);
        return () => (entry.active = false);
      },
      dispose: async () => undefined,
    } as unknown as Client;
  }
}

let signatures = 0;
const signer = { sign: async () => `signed-${++signatures}` } as unknown as ForwardedIdentitySigner;
const planned = (operationKey = 'op'): PlannedSubscription => ({
  primary: { serviceName: 'orders', operation: 'subscription { myOrderUpdates { __typename id status } }', variableUsages: [] } as unknown as FetchNode,
  variables: {},
  operationKey,
  // Stands in for the plan's `rest`: what the other subgraphs would add.
  resolveEvent: async (data) => ({ data: { ...data, resolved: true } }),
});
const alice = { identity: { customerId: 'alice', role: 'CUSTOMER' as const }, clientIp: '127.0.0.1' };
const bob = { identity: { customerId: 'bob', role: 'CUSTOMER' as const }, clientIp: '127.0.0.1' };

function setup(maxBufferedEvents = 100) {
  const fake = new FakeUpstream();
  const upstream = { for: () => fake.client(), close: async () => undefined } as unknown as UpstreamClients;
  const engine = new FederatedSubscriptions({ upstream, signer, subgraphUrl: () => 'http://orders/graphql', maxBufferedEvents, logger: createLogger({ service: 'test', level: 'silent' }) });
  return { fake, engine };
}
const tick = () => new Promise((r) => setTimeout(r, 5));
const event = (id: string, status: string, at: string) => ({ data: { myOrderUpdates: { __typename: 'Order', id, status } }, extensions: { position: { stream: id, at } } });

describe('FederatedSubscriptions', () => {
  it('shares one upstream subscription per (operation, caller), resolves each event once and fans it out', async () => {
    const { fake, engine } = setup();
    const a1 = engine.open(planned(), { ...alice, onOverflow: () => undefined });
    const a2 = engine.open(planned(), { ...alice, onOverflow: () => undefined });
    const b = engine.open(planned(), { ...bob, onOverflow: () => undefined });
    await tick();
    expect(engine.stats()).toEqual({ upstream: 2, subscribers: 3 });
    expect(fake.subscriptions).toHaveLength(2);
    fake.subscriptions[0]!.sink.next(event('o1', 'PAID', '7'));
    const [x, y] = await Promise.all([a1.next(), a2.next()]);
    expect(x.value).toEqual({ data: { myOrderUpdates: { __typename: 'Order', id: 'o1', status: 'PAID' }, resolved: true } });
    expect(y.value).toBe(x.value);
    await Promise.all([a1.return(), a2.return(), b.return()]);
    expect(engine.stats()).toEqual({ upstream: 0, subscribers: 0 });
    expect(fake.subscriptions.every((s) => !s.active)).toBe(true);
  });

  it('drops an upstream repeat and re-subscribes with where to resume and a fresh identity', async () => {
    const { fake, engine } = setup();
    const stream = engine.open(planned(), { ...alice, onOverflow: () => undefined });
    await tick();
    const upstream = fake.subscriptions[0]!;
    const { extensions } = upstream.payload;
    expect(JSON.parse(JSON.stringify(extensions))).toEqual({ identity: expect.stringMatching(/^signed-/), resumable: true });
    upstream.sink.next(event('o1', 'RESERVED', '3'));
    upstream.sink.next(event('o1', 'RESERVED', '3')); // the replay after a reconnection overlaps
    upstream.sink.next(event('o2', 'PENDING', '2'));
    upstream.sink.next(event('o1', 'PAID', '4'));
    const got = [await stream.next(), await stream.next(), await stream.next()].map((r) => (r.value as any).data.myOrderUpdates.status);
    expect(got).toEqual(['RESERVED', 'PENDING', 'PAID']);
    // What graphql-ws would send again on a reconnection: the last position per order.
    expect(JSON.parse(JSON.stringify(extensions)).resume).toEqual({ after: { o2: '2', o1: '4' } });
    await stream.return();
  });

  it('cuts off a subscriber that stops reading, without holding more than its buffer, and leaves the others', async () => {
    const { fake, engine } = setup(2);
    let overflows = 0;
    const slow = engine.open(planned(), { ...alice, onOverflow: () => overflows++ });
    const fast = engine.open(planned(), { ...alice, onOverflow: () => undefined });
    await tick();
    const received: string[] = [];
    const reading = (async () => {
      for await (const r of fast) received.push((r as any).data.myOrderUpdates.status);
    })();
    for (let i = 1; i <= 5; i++) fake.subscriptions[0]!.sink.next(event('o1', `S${i}`, String(i)));
    await tick();
    expect(overflows).toBe(1);
    expect(slow.size).toBe(0);
    expect(received).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(engine.stats()).toEqual({ upstream: 1, subscribers: 1 });
    await fast.return();
    await reading;
    expect(engine.stats()).toEqual({ upstream: 0, subscribers: 0 });
  });

  it('an upstream error reaches every subscriber as a result with errors, then the streams end', async () => {
    const { fake, engine } = setup();
    const stream = engine.open(planned(), { ...alice, onOverflow: () => undefined });
    await tick();
    fake.subscriptions[0]!.sink.error([{ message: 'Order o9 not found', extensions: { code: 'NOT_FOUND' } }]);
    expect((await stream.next()).value).toEqual({ errors: [{ message: 'Order o9 not found', extensions: { code: 'NOT_FOUND' } }] });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(engine.stats().upstream).toBe(0);
  });
});
