import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One fixed-duration load run, executed by `loadWorker.ts` in its own process. */
export interface LoadJob {
  url: string;
  /** JSON request body (a GraphQL POST). */
  body: string;
  /** Bodies to rotate through instead of `body` (one per request, round-robin). */
  bodies?: string[];
  headers?: Record<string, string>;
  /** Seconds before a request counts as timed out (autocannon's default is 10). */
  timeoutSeconds?: number;
  /** Send this header with a value unique to each request (defeats any inbound request deduplication). */
  uniqueHeader?: string;
  /** Concurrent keep-alive connections. */
  connections: number;
  durationSeconds: number;
  /** Module and export of the function that checks each response's `data` (null = fine). */
  check: { module: string; export: string; args?: unknown };
  /**
   * Ask for a compressed response (`accept-encoding`). autocannon hands bodies over as text, which
   * cannot be decoded, so each response is checked for status 200 and this `content-encoding`
   * instead; the scenario decodes and checks sample responses itself.
   */
  encoding?: 'gzip' | 'br';
}

export interface LoadResult {
  requests: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Responses checked, and how many failed a check (status, JSON, errors, shape) or the connection. */
  checked: number;
  failed: number;
  firstFailure: string | null;
  /** CPU the load generator process spent per response (autocannon and the checks), in ms. */
  loadCpuMsPerRequest: number;
  /** Bytes received per response, status line and headers included. */
  bytesPerResponse: number;
}

const WORKER = fileURLToPath(new URL('./loadWorker.ts', import.meta.url));

/** Run `job` from a separate process; also samples `sampleRss` every 250 ms and keeps the peak. */
export async function runLoad(job: LoadJob, sampleRss?: () => number): Promise<LoadResult & { peakRssBytes: number }> {
  const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let peak = sampleRss?.() ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, sampleRss?.() ?? 0);
  }, 250);
  try {
    const reply = await new Promise<{ ok: boolean; result?: LoadResult; error?: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { ok: boolean; result?: LoadResult; error?: string }));
      child.once('exit', (code) => reject(new Error(`load worker exited with code ${code}`)));
      child.send(job);
    });
    if (!reply.ok || !reply.result) throw new Error(`load worker failed: ${reply.error}`);
    return { ...reply.result, peakRssBytes: peak };
  } finally {
    clearInterval(timer);
    child.kill();
  }
}
