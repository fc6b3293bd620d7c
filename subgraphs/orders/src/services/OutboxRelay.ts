import { customerOrdersChannel, orderChannel, type PubSub } from '@ordergraph/pubsub';
import type { Lifecycle } from '@ordergraph/http';
import type { PrismaClient } from '../generated/prisma/client.js';

/** Advisory lock that makes one relay at a time (across replicas) the publisher. */
const RELAY_LOCK = 72707370;

export interface OrderStatusEvent {
  /** Outbox id: strictly increasing per order, so subscribers can drop repeats. */
  id: string;
  orderId: string;
  customerId: string;
  /** The OrderStatusChange row this event announces. */
  changeId: string;
  from: string | null;
  to: string;
  reason: string | null;
  at: string;
}

export interface OutboxRelayOptions {
  /** Poll period for events committed by other replicas; 0 relays only when nudged. @default 200 */
  intervalMs: number;
  /** Events per pass. @default 200 */
  batchSize?: number;
  /** A pass is tracked work: shutdown waits for it (a publish is not cut half-way). */
  lifecycle?: Pick<Lifecycle, 'track'>;
  onError?: (error: unknown) => void;
}

/**
 * Publishes the transactional outbox to pub/sub (Redis across replicas, in memory on the
 * embedded default), oldest first, then stamps `publishedAt` in the same transaction that
 * holds the relay lock. A crash between publish and stamp re-publishes: delivery is at
 * least once, and `id` lets consumers drop the repeat. Events of one order keep their order.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly pubsub: PubSub,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.options.intervalMs > 0 && !this.timer) {
      this.timer = setInterval(() => this.nudge(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  /** Relay soon (called right after a status change commits). */
  nudge(): void {
    if (this.pass) {
      this.again = true;
      return;
    }
    void this.runOnce();
  }

  /** One pass; concurrent calls share it. @returns events published. */
  runOnce(): Promise<number> {
    const lifecycle = this.options.lifecycle;
    this.pass ??= (lifecycle ? lifecycle.track('outbox relay pass', () => this.relay()) : this.relay())
      .catch((error) => {
        this.options.onError?.(error);
        return 0;
      })
      .finally(() => {
        this.pass = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
    return this.pass;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
  }

  private relay(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS locked`;
      if (!lock?.locked) return 0; // another replica is relaying right now
      const events = await tx.outboxEvent.findMany({
        where: { publishedAt: null },
        orderBy: { id: 'asc' },
        take: this.options.batchSize ?? 200,
      });
      // Sent all at once, in outbox order: one publishing connection keeps the order of commands
      // (Redis), the in-memory bus delivers in call order, and the transaction is held for one
      // round trip instead of two per event. Any failure fails the pass (re-published next time).
      const sent: Array<Promise<void>> = [];
      for (const event of events) {
        const payload = event.payload as Omit<OrderStatusEvent, 'id'>;
        const message = JSON.stringify({ ...payload, id: event.id.toString() } satisfies OrderStatusEvent);
        sent.push(this.pubsub.publish(orderChannel(payload.orderId), message), this.pubsub.publish(customerOrdersChannel(payload.customerId), message));
      }
      await Promise.all(sent);
      if (events.length > 0) {
        await tx.outboxEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { publishedAt: new Date() } });
      }
      return events.length;
    });
  }
}
