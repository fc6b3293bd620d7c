import type { Logger } from '@ordergraph/telemetry';

/** Raised into work still running when the shutdown deadline passes. */
export class ShutdownDeadlineError extends Error {
  override readonly name = 'ShutdownDeadlineError';
  constructor(readonly work: string) {
    super(`Shutdown deadline reached while "${work}" was running; hand it to recovery.`);
  }
}

/**
 * What a service's own code uses to take part in graceful shutdown. Saga steps run
 * through `track`, so SIGTERM waits for them; background loops (outbox relay, recovery
 * worker) watch `signal`; transports (WebSockets) register `onShutdown` to close with 1001.
 */
export interface Lifecycle {
  /** Aborted as soon as shutdown begins: stop taking new background work. */
  readonly signal: AbortSignal;
  readonly shuttingDown: boolean;
  /**
   * Run work that must finish before the process exits. Shutdown waits for it until the
   * deadline; then `signal` (the work's own) aborts with a ShutdownDeadlineError and the
   * work must leave its state persisted for the recovery worker and return or throw.
   */
  track<T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Run `hook` when shutdown begins (before the listener closes). @returns unregister */
  onShutdown(name: string, hook: () => void | Promise<void>): () => void;
}

interface Task {
  name: string;
  controller: AbortController;
  done: Promise<unknown>;
}

/** The service's implementation; only the HTTP service drives `begin` and `settle`. */
export class ServiceLifecycle implements Lifecycle {
  private readonly controller = new AbortController();
  private readonly tasks = new Set<Task>();
  private readonly hooks = new Map<symbol, { name: string; hook: () => void | Promise<void> }>();

  constructor(private readonly logger: Logger) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get shuttingDown(): boolean {
    return this.controller.signal.aborted;
  }

  get pending(): number {
    return this.tasks.size;
  }

  track<T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const running = (async () => work(controller.signal))();
    const task: Task = { name, controller, done: running.catch(() => undefined) };
    this.tasks.add(task);
    void task.done.finally(() => this.tasks.delete(task));
    return running;
  }

  onShutdown(name: string, hook: () => void | Promise<void>): () => void {
    const key = Symbol(name);
    this.hooks.set(key, { name, hook });
    return () => this.hooks.delete(key);
  }

  /** Abort `signal` and run the shutdown hooks (each bounded by the deadline). */
  async begin(deadline: number): Promise<void> {
    this.controller.abort(new Error('shutting down'));
    await Promise.all(
      [...this.hooks.values()].map(async ({ name, hook }) => {
        try {
          await untilDeadline(Promise.resolve().then(hook), deadline);
        } catch (error) {
          this.logger.error({ err: error, hook: name }, 'shutdown hook failed');
        }
      }),
    );
  }

  /** Wait for tracked work until the deadline, then abort what is left and give it `graceMs` to hand off. */
  async settle(deadline: number, graceMs: number): Promise<string[]> {
    // Work started while we wait (an outbox pass after the last request's commit) is waited for
    // too: only what still runs at the deadline is aborted and handed off.
    while (this.tasks.size > 0 && Date.now() < deadline) {
      await untilDeadline(Promise.all([...this.tasks].map((t) => t.done)), deadline);
    }
    const left = [...this.tasks];
    if (left.length === 0) return [];
    for (const task of left) task.controller.abort(new ShutdownDeadlineError(task.name));
    await untilDeadline(Promise.all(left.map((t) => t.done)), Date.now() + graceMs);
    return left.map((t) => t.name);
  }
}

/** Resolve when `promise` settles or at `deadline`, whichever is first. */
export function untilDeadline(promise: Promise<unknown>, deadline: number): Promise<void> {
  const ms = deadline - Date.now();
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
