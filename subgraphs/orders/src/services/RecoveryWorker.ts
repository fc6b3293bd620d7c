import type { Lifecycle } from '@ordergraph/http';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { OrderSaga } from './OrderSaga.js';
import { claimAbandonedOrders } from './recoveryQueries.js';

export interface RecoveryWorkerOptions {
  /** How often to look for abandoned orders; 0 turns the timer off (runOnce still works). */
  intervalMs: number;
  /** The lease a claimed order gets (the saga's lease). */
  leaseMs: number;
  /** Most orders claimed by one statement. @default 100 */
  batchSize?: number;
  /** Orders driven at once by this replica. @default 16 */
  concurrency?: number;
  /** Shutdown: stop claiming when `signal` aborts; each drive is tracked so SIGTERM waits for it. */
  lifecycle?: Pick<Lifecycle, 'signal' | 'track'>;
  onError?: (error: unknown, orderId: string) => void;
}

/**
 * Drives orders that nobody is driving any more (the process that placed them crashed, or
 * a dependency or the database was down) to CONFIRMED, FAILED or CANCELLED.
 *
 * A pass claims abandoned orders in batches (claimAbandonedOrders: leased in one statement,
 * safe with many replicas) and keeps `concurrency` of them in flight, claiming more as slots
 * free up, until none is left; so thousands of orders finish within one pass rather than 20
 * per interval. An order is claimed only when a slot is free, so its lease never runs out
 * while it waits in a queue here.
 */
export class RecoveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly saga: Pick<OrderSaga, 'drive'>,
    private readonly options: RecoveryWorkerOptions,
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass; concurrent calls share it. @returns orders it drove. */
  runOnce(): Promise<number> {
    this.pass ??= this.sweep().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  /** Stop claiming orders; those being driven finish their current step first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
  }

  private get halted(): boolean {
    return this.stopped || (this.options.lifecycle?.signal.aborted ?? false);
  }

  private async sweep(): Promise<number> {
    const concurrency = this.options.concurrency ?? 16;
    const batchSize = this.options.batchSize ?? 100;
    const running = new Set<Promise<void>>();
    let driven = 0;
    let more = true;
    while (!this.halted) {
      const free = concurrency - running.size;
      if (more && free > 0) {
        const ids = await this.claim(Math.min(free, batchSize));
        more = ids !== null && ids.length > 0;
        for (const orderId of ids ?? []) {
          const drive = this.drive(orderId)
            .then((ok) => void (ok && (driven += 1)))
            .finally(() => running.delete(drive));
          running.add(drive);
        }
        if (more) continue;
      }
      if (running.size === 0) break;
      await Promise.race(running);
      // A slot freed: look again, as orders may have become abandoned meanwhile.
      more = true;
    }
    await Promise.all(running);
    return driven;
  }

  private async claim(limit: number): Promise<string[] | null> {
    try {
      return await claimAbandonedOrders(this.prisma, limit, this.options.leaseMs);
    } catch (error) {
      this.options.onError?.(error, '*'); // the database is down: the next pass tries again
      return null;
    }
  }

  private async drive(orderId: string): Promise<boolean> {
    const run = () => this.saga.drive(orderId);
    try {
      await (this.options.lifecycle ? this.options.lifecycle.track(`recover order ${orderId}`, run) : run());
      return true;
    } catch (error) {
      this.options.onError?.(error, orderId);
      return false;
    }
  }
}
