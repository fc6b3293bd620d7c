import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { procCpuMs } from './cpuSampler.js';
import type { ChildMessage, ParentRequest } from './ipc.js';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface ChildService {
  name: string;
  pid: number;
  /** What the child announced when ready, e.g. `{ gateway: 'http://127.0.0.1:1234/graphql' }`. */
  urls: Record<string, string>;
  /** Resident set size of the child process right now, in bytes. */
  rss(): number;
  /** CPU time (user + system) the child has used so far, in milliseconds. */
  cpuMs(): number;
  request<T = unknown>(command: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Environment of the child (merged over the runner's). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Arguments to the script. */
  args?: string[];
  /** @default 180_000 */
  readyTimeoutMs?: number;
  /** Pin the process (all its threads) to these CPUs, e.g. `'0'`, with taskset. */
  cpus?: string;
}

/** RSS from /proc (Linux): no cooperation from a busy child needed. */
function readRss(pid: number): number {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return pages * 4096;
  } catch {
    return Number.NaN;
  }
}

/** Fork `script` (TypeScript through tsx; `.mjs` by plain node) and wait for it to announce it is ready. */
export async function spawnService(name: string, script: string, options: SpawnOptions = {}): Promise<ChildService> {
  const child: ChildProcess = fork(script, options.args ?? [], {
    execArgv: [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), ...(options.nodeArgs ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (options.cpus !== undefined) pin(child.pid as number, options.cpus);
  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not ready after ${options.readyTimeoutMs ?? 180_000} ms`)), options.readyTimeoutMs ?? 180_000);
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.urls);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start:\n${message.error}`));
      } else if (message.type === 'reply') {
        pending.get(message.id)?.(message.value);
        pending.delete(message.id);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    pid: child.pid as number,
    urls,
    rss: () => readRss(child.pid as number),
    cpuMs: () => procCpuMs(child.pid as number),
    request<T>(command: string, args?: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve) => {
        pending.set(id, resolve as (value: unknown) => void);
        child.send({ type: 'request', id, command, args } satisfies ParentRequest);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGTERM lets the child flush a --cpu-prof profile; SIGKILL if it hangs.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Pin `pid` and its threads to `cpus`; threads started later inherit the affinity. */
function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' });
}
