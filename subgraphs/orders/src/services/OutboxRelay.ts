import { customerOrdersChannel, orderChannel, type PubSub } from '@ordergraph/pubsub';
import type { Lifecycle } from '@ordergraph/http';
import type { SqlReads } from '@ordergraph/db';

/** Advisory lock that makes one relay at a time (across replicas) the publisher. */
const RELAY_LOCK = 72707370;

// Prepared statements (round 4): one fixed text each, where Prisma's `updateMany` sent a new
// `IN ($2, …, $n)` text, parsed and planned afresh, for every batch size.
const TRY_LOCK = { name: 'orders.relayTryLock', text: 'SELECT pg_try_advisory_xact_lock($1::bigint) AS locked' };
// Read after the lock, in its own statement: its snapshot then sees what the previous holder
// stamped, so a relay that just took the lock over does not re-publish those events.
const UNPUBLISHED = {
  name: 'orders.relayUnpublished',
  text: 'SELECT id::text AS id, payload FROM "OutboxEvent" WHERE "publishedAt" IS NULL ORDER BY id ASC LIMIT $1::int',
};
const STAMP = {
  name: 'orders.relayStamp',
  text: 'UPDATE "OutboxEvent" SET "publishedAt" = $2::text::timestamp(3) WHERE id = ANY($1::bigint[])',
};

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
  /**
   * Wait before the pass that follows one during which more changes were nudged: under load the
   * changes of that wait go out in one pass (one transaction, 4 statements) instead of a pass
   * each, many of which found nothing. Idle, a nudge still starts a pass at once. @default 10
   */
  followUpMs?: number;
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
  private followUp: NodeJS.Timeout | null = null;
  private pass: Promise<number> | null = null;
  private again = false;
  /** When the last pass started (performance.now()); the poll skips a tick that follows one. */
  private lastPassAt = -Infinity;

  constructor(
    private readonly reads: Pick<SqlReads, 'transaction'>,
    private readonly pubsub: PubSub,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.options.intervalMs > 0 && !this.timer) {
      // The poll is for other replicas' events: under load the nudges after local changes already
      // run passes more often than this, and a tick right after one would only find nothing.
      this.timer = setInterval(() => {
        if (performance.now() - this.lastPassAt >= this.options.intervalMs) this.nudge();
      }, this.options.intervalMs);
      this.timer.unref();
    }
  }

  /** Relay soon (called right after a status change commits). */
  nudge(): void {
    if (this.pass || this.followUp) {
      this.again = true;
      return;
    }
    void this.runOnce();
  }

  /** One pass; concurrent calls share it. @returns events published. */
  runOnce(): Promise<number> {
    const lifecycle = this.options.lifecycle;
    if (!this.pass) this.lastPassAt = performance.now();
    this.pass ??= (lifecycle ? lifecycle.track('outbox relay pass', () => this.relay()) : this.relay())
      .catch((error) => {
        this.options.onError?.(error);
        return 0;
      })
      .finally(() => {
        this.pass = null;
        if (this.again) {
          this.again = false;
          this.followUp = setTimeout(() => {
            this.followUp = null;
            this.nudge();
          }, this.options.followUpMs ?? 10);
          this.followUp.unref();
        }
      });
    return this.pass;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
    // Whatever the follow-up would have sent stays in the outbox for the next start (or replica).
    if (this.followUp) clearTimeout(this.followUp);
    this.followUp = null;
  }

  private relay(): Promise<number> {
    return this.reads.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>(TRY_LOCK, [RELAY_LOCK]);
      if (!lock?.locked) return 0; // another replica is relaying right now
      const events = await tx.query<{ id: string; payload: Omit<OrderStatusEvent, 'id'> }>(UNPUBLISHED, [this.options.batchSize ?? 200]);
      // Sent all at once, in outbox order: one publishing connection keeps the order of commands
      // (Redis), the in-memory bus delivers in call order, and the transaction is held for one
      // round trip instead of two per event. Any failure fails the pass (re-published next time).
      const sent: Array<Promise<void>> = [];
      for (const event of events) {
        const payload = event.payload;
        const message = JSON.stringify({ ...payload, id: event.id } satisfies OrderStatusEvent);
        sent.push(this.pubsub.publish(orderChannel(payload.orderId), message), this.pubsub.publish(customerOrdersChannel(payload.customerId), message));
      }
      await Promise.all(sent);
      if (events.length > 0) {
        await tx.query(STAMP, [events.map((e) => e.id), new Date().toISOString()]);
      }
      return events.length;
    });
  }
}
