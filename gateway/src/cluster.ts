import cluster from 'node:cluster';

export interface ClusterOptions {
  /** Worker processes; 1 runs the gateway in this process without a primary. */
  workers: number;
  /** Starts the gateway (listen included) in a worker. */
  runWorker: () => Promise<void>;
  /** @default console.log */
  log?: (line: string) => void;
  /** How restarts of crashing workers are spaced and capped. @default see RestartPolicy */
  restart?: Partial<RestartPolicy>;
}

export interface RestartPolicy {
  /** Delay before the first restart after a crash; doubles with each crash in a row. @default 500 */
  initialDelayMs: number;
  /** Longest delay between restarts. @default 30000 */
  maxDelayMs: number;
  /** A worker that ran this long resets the backoff (it was not crash-looping). @default 60000 */
  stableAfterMs: number;
  /** Crashes in a row after which the primary gives up and exits 1 (the orchestrator takes over). @default 10 */
  maxCrashes: number;
}

const DEFAULT_RESTART: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000, maxCrashes: 10 };

/**
 * When to restart a worker that died, given how long it ran: exponential backoff while
 * workers crash soon after starting, reset once one runs `stableAfterMs`, and `null`
 * (give up) after `maxCrashes` crashes in a row, so a broken deploy does not fork forever.
 */
export function createRestartPlanner(policy: RestartPolicy) {
  let crashes = 0;
  return (ranMs: number): number | null => {
    crashes = ranMs >= policy.stableAfterMs ? 1 : crashes + 1;
    if (crashes > policy.maxCrashes) return null;
    return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (crashes - 1));
  };
}

/**
 * Optional multi-process mode (GATEWAY_WORKERS): node:cluster workers share the listening
 * port, each with its own caches and subgraph connection pools. The primary only supervises:
 * it replaces a worker that dies unexpectedly (with backoff, up to a limit) and forwards
 * SIGTERM/SIGINT for a clean stop.
 */
export async function runClustered({ workers, runWorker, log = console.log, restart = {} }: ClusterOptions): Promise<void> {
  if (workers <= 1 || cluster.isWorker) return runWorker();
  let stopping = false;
  let exitCode = 0;
  const planRestart = createRestartPlanner({ ...DEFAULT_RESTART, ...restart });
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    const ranMs = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const delayMs = planRestart(ranMs);
    if (delayMs === null) {
      log(`gateway: worker ${worker.process.pid} exited (${signal ?? code}); workers keep crashing, giving up`);
      stop('SIGTERM', 1, 'workers crash-looping');
      return;
    }
    log(`gateway: worker ${worker.process.pid} exited (${signal ?? code}) after ${ranMs} ms; starting another in ${delayMs} ms`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delayMs);
  });
  const stop = (signal: NodeJS.Signals, code = 0, reason = `${signal} received`) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    log(`gateway: ${reason}, stopping ${workers} workers`);
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(exitCode);
    for (const worker of alive) worker?.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
