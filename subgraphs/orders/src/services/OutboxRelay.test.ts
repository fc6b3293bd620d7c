import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, testDatabaseBackends, type SubgraphDatabase } from '@ordergraph/db';
import { MemoryPubSub, type PubSub } from '@ordergraph/pubsub';
import { PrismaClient } from '../generated/prisma/client.js';
import { MIGRATIONS_DIR } from '../server.js';
import { OutboxRelay, type OrderStatusEvent } from './OutboxRelay.js';
import { insertOrder, transition } from './transitions.js';

// The relay runs on prepared statements in its own transaction (#17, round 7): the events a pass
// publishes, their order, the stamp, and the relay lock must be what the Prisma version did.
const backends = testDatabaseBackends('orders_relay');

/** Records what was published (through a real in-memory bus), or fails every publish while `down`. */
class RecordingPubSub extends MemoryPubSub {
  readonly published: Array<{ channel: string; event: OrderStatusEvent }> = [];
  down = false;
  /** When set, publishing waits for it (a pass held half-way, its transaction open). */
  gate: Promise<void> | null = null;
  entered: () => void = () => undefined;
  override async publishMany(messages: ReadonlyArray<{ channel: string; message: string }>): Promise<void> {
    if (this.down) throw new Error('publisher down');
    this.entered();
    if (this.gate) await this.gate;
    for (const { channel, message } of messages) this.published.push({ channel, event: JSON.parse(message) as OrderStatusEvent });
    await super.publishMany(messages);
  }
}

describe.each(backends)('outbox relay on $name', (backend) => {
  let database: SubgraphDatabase<PrismaClient>;
  beforeAll(async () => {
    database = await openSubgraphDatabase({ target: backend.target(), migrationsDir: MIGRATIONS_DIR, createClient: (adapter) => new PrismaClient({ adapter }) });
  });
  afterAll(async () => {
    await database?.close();
    await backend.drop?.();
  });

  const place = async () => {
    const order = await insertOrder(database.reads, {
      customerId: randomUUID(),
      totalAmount: 500,
      currency: 'EUR',
      paymentMethod: 'tok_visa',
      idempotencyKey: null,
      requestHash: null,
      leaseUntil: new Date(Date.now() + 60_000),
      lines: [{ productId: 'p1', quantity: 1, unitPriceAmount: 500, currency: 'EUR' }],
    });
    await transition(database.reads, order!, 'PENDING', 'RESERVED');
    return order!;
  };
  const unpublished = () => database.prisma.outboxEvent.count({ where: { publishedAt: null } });

  it('publishes the oldest events in outbox order on the order and customer channels, then stamps them', async () => {
    await database.prisma.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
    const pubsub = new RecordingPubSub();
    const relay = new OutboxRelay(database.reads, pubsub as PubSub, { intervalMs: 0, batchSize: 3 });
    const a = await place();
    const b = await place();
    const rows = await database.prisma.outboxEvent.findMany({ where: { publishedAt: null }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(4);

    expect(await relay.runOnce()).toBe(3); // the batch size
    expect(await relay.runOnce()).toBe(1);
    expect(await relay.runOnce()).toBe(0);
    expect(await unpublished()).toBe(0);

    const events = pubsub.published.filter((p) => p.channel.startsWith('order:')).map((p) => p.event);
    expect(events.map((e) => e.id)).toEqual(rows.map((r) => r.id.toString()));
    expect(events.map((e) => [e.orderId, e.from, e.to])).toEqual([
      [a.id, null, 'PENDING'],
      [a.id, 'PENDING', 'RESERVED'],
      [b.id, null, 'PENDING'],
      [b.id, 'PENDING', 'RESERVED'],
    ]);
    expect(events[0]).toEqual({ ...(rows[0]!.payload as object), id: rows[0]!.id.toString() });
    // Each event on both channels, the order's and the customer's, one after the other.
    expect(pubsub.published.map((p) => p.channel)).toEqual(events.flatMap((e) => [`order:${e.orderId}`, `customer:${e.customerId}`]));
  });

  it('a failed publish stamps nothing: the next pass publishes the same events', async () => {
    const pubsub = new RecordingPubSub();
    const errors: unknown[] = [];
    const relay = new OutboxRelay(database.reads, pubsub as PubSub, { intervalMs: 0, onError: (e) => errors.push(e) });
    await place();
    pubsub.down = true;
    expect(await relay.runOnce()).toBe(0);
    expect(errors).toHaveLength(1);
    expect(await unpublished()).toBe(2);
    pubsub.down = false;
    expect(await relay.runOnce()).toBe(2);
    expect(await unpublished()).toBe(0);
  });

  it.runIf(backend.name.startsWith('PostgreSQL'))('two relays (two replicas) never publish the same events: the relay lock', async () => {
    const [a, b] = [new RecordingPubSub(), new RecordingPubSub()];
    const [relayA, relayB] = [a, b].map((p) => new OutboxRelay(database.reads, p as PubSub, { intervalMs: 0, batchSize: 1000 }));
    for (let i = 0; i < 5; i++) await place();
    let open!: () => void;
    a.gate = new Promise<void>((resolve) => (open = resolve));
    const entered = new Promise<void>((resolve) => (a.entered = resolve));
    const passA = relayA!.runOnce();
    await entered; // A holds the lock and is publishing, its transaction open
    expect(await relayB!.runOnce()).toBe(0);
    open();
    expect(await passA).toBe(10);
    // After A committed, B sees every event stamped.
    expect(await relayB!.runOnce()).toBe(0);
    expect(b.published).toEqual([]);
    expect(await unpublished()).toBe(0);
  });
});
