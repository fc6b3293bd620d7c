import cluster from 'node:cluster';

export interface ClusterOptions {
  /** Worker processes; 1 runs the gateway in this process without a primary. */
  workers: number;
  /** Starts the gateway (listen included) in a worker. */
  runWorker: () => Promise<void>;
  /** @default console.log */
  log?: (line: string) => void;
}

/**
 * Optional multi-process mode (GATEWAY_WORKERS): node:cluster workers share the listening
 * port, each with its own caches and subgraph connection pools. The primary only supervises:
 * it replaces a worker that dies unexpectedly and forwards SIGTERM/SIGINT for a clean stop.
 */
export async function runClustered({ workers, runWorker, log = console.log }: ClusterOptions): Promise<void> {
  if (workers <= 1 || cluster.isWorker) return runWorker();
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`gateway: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`gateway: ${signal} received, stopping ${workers} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
