import type { ReadinessReport } from './httpHandler.js';

/** One dependency check: resolves "ok", or a reason the service cannot serve yet. */
export type ReadinessCheck = () => Promise<string>;

/** A check that takes longer than this is reported as not ready rather than hanging the probe. */
const CHECK_TIMEOUT_MS = 2000;

async function bounded(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([check().catch((error: Error) => `failed: ${error.message}`), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessOptions {
  /** Bound on each check. @default 2000 */
  timeoutMs?: number;
  /**
   * Dependencies the service can work without (Redis: rate limits fall back to per-process
   * memory, pub/sub to …): when down they are reported as `degraded`, readiness stays true.
   * @default none
   */
  optional?: readonly string[];
  /** Told each dependency's result (the `dependency_up` metric). */
  observe?: (dependency: string, up: boolean) => void;
}

/**
 * Run every check concurrently, each bounded in time. Ready only when every required check
 * says "ok": readiness takes a replica out of the load balancer, which helps only when the
 * replica cannot serve (its database is gone), never for a blip of an optional dependency.
 * `checks` names each dependency with "ok" or why not; `degraded` lists optional ones down.
 */
export async function runReadinessChecks(checks: Record<string, ReadinessCheck>, options: ReadinessOptions | number = {}): Promise<ReadinessReport> {
  const { timeoutMs = CHECK_TIMEOUT_MS, optional = [], observe } = typeof options === 'number' ? { timeoutMs: options } : options;
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const status = await bounded(check, timeoutMs);
      observe?.(name, status === 'ok');
      return [name, status === 'ok' || !optional.includes(name) ? status : `degraded: ${status}`] as const;
    }),
  );
  const degraded = entries.filter(([name, status]) => status !== 'ok' && optional.includes(name)).map(([name]) => name);
  const ready = entries.every(([name, status]) => status === 'ok' || optional.includes(name));
  return { ready, checks: Object.fromEntries(entries), ...(degraded.length ? { degraded } : {}) };
}

/** Redis answers PING (bounded by the runner's timeout, so a hung connection reads "no answer"). */
export function redisReadiness(redis: { ping(): Promise<string> }): ReadinessCheck {
  return async () => {
    const answer = await redis.ping();
    return answer === 'PONG' ? 'ok' : `unexpected answer to PING: ${answer}`;
  };
}
