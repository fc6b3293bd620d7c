import { afterEach, expect, it, vi } from 'vitest';
import type { PubSub } from '@ordergraph/pubsub';
import type { SqlClient } from '@ordergraph/db';
import { OutboxRelay } from './OutboxRelay.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A fake outbox: `pending` rows, each pass reads them in id order and stamps what it sent. */
function fakeOutbox() {
  const pending: Array<{ id: string; payload: object }> = [];
  let passes = 0;
  let gate: Promise<void> = Promise.resolve();
  const reads = {
    transaction: async <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => {
      passes += 1;
      await gate;
      const tx: SqlClient = {
        query: async <R>(statement: { name: string }, params: unknown[]): Promise<R[]> => {
          if (statement.name === 'orders.relayTryLock') return [{ locked: true }] as R[];
          if (statement.name === 'orders.relayUnpublished') return pending.slice(0, params[0] as number) as R[];
          const stamped = new Set(params[0] as string[]);
          pending.splice(0, pending.length, ...pending.filter((e) => !stamped.has(e.id)));
          return [];
        },
      };
      return fn(tx);
    },
  };
  const published: string[] = [];
  const pubsub = { publish: async (channel: string, message: string) => void published.push(`${channel} ${JSON.parse(message).id}`) } as unknown as PubSub;
  return {
    reads,
    pubsub,
    published,
    pending,
    passes: () => passes,
    hold: () => {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return open;
    },
  };
}

const event = (id: number) => ({ id: String(id), payload: { orderId: `o${id}`, customerId: 'c', changeId: String(id), from: null, to: 'PENDING', reason: null, at: 'now' } });

it('sends the changes nudged during a pass in ONE follow-up pass after followUpMs, in outbox order', async () => {
  vi.useFakeTimers();
  const outbox = fakeOutbox();
  const relay = new OutboxRelay(outbox.reads, outbox.pubsub, { intervalMs: 0, followUpMs: 10 });
  outbox.pending.push(event(1));
  const open = outbox.hold();
  relay.nudge(); // idle: starts a pass at once
  expect(outbox.passes()).toBe(1);
  for (let id = 2; id <= 6; id++) {
    outbox.pending.push(event(id));
    relay.nudge(); // during the pass: remembered, not a pass each
  }
  open();
  await relay.runOnce(); // the pass in flight (runOnce shares it), its clean-up included
  expect(outbox.passes()).toBe(1);
  expect(outbox.published).toHaveLength(12); // the pass read all six (they were committed before its read)
  relay.nudge(); // inside the follow-up wait: folded into it
  await vi.advanceTimersByTimeAsync(9);
  expect(outbox.passes()).toBe(1);
  await vi.advanceTimersByTimeAsync(1);
  expect(outbox.passes()).toBe(2);
  await relay.stop();
  const ids = outbox.published.map((m) => Number(m.split(' ')[1]));
  expect(ids).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
});

it('stops without leaving a follow-up pass behind', async () => {
  vi.useFakeTimers();
  const outbox = fakeOutbox();
  const relay = new OutboxRelay(outbox.reads, outbox.pubsub, { intervalMs: 0, followUpMs: 10 });
  const open = outbox.hold();
  relay.nudge();
  relay.nudge();
  open();
  await relay.stop();
  await vi.advanceTimersByTimeAsync(50);
  expect(outbox.passes()).toBe(1);
});
