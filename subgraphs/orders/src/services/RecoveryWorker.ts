import type { OrderSaga } from './OrderSaga.js';

export interface RecoveryWorkerOptions {
  /** How often to look for abandoned orders; 0 turns the timer off (runOnce still works). */
  intervalMs: number;
  /** Orders taken per pass. @default 20 */
  batchSize?: number;
  onError?: (error: unknown, orderId: string) => void;
}

/**
 * Drives orders that nobody is driving any more (the process that placed them crashed, or
 * a dependency was down) to CONFIRMED, FAILED or CANCELLED. Safe with many replicas: an
 * order is taken only by the one that wins the conditional lease update.
 */
export class RecoveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly saga: OrderSaga,
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

  /** Stop taking orders; the order being driven finishes its current step first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
  }

  private async sweep(): Promise<number> {
    let driven = 0;
    try {
      for (const orderId of await this.saga.abandoned(this.options.batchSize ?? 20)) {
        if (this.stopped) break;
        try {
          if (await this.saga.recover(orderId)) driven += 1;
        } catch (error) {
          this.options.onError?.(error, orderId);
        }
      }
    } catch (error) {
      this.options.onError?.(error, '*');
    }
    return driven;
  }
}
