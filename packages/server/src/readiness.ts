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

/**
 * Run every check concurrently, each bounded in time. Ready only when all say "ok";
 * `checks` names each dependency with "ok" or why it is not ready.
 */
export async function runReadinessChecks(checks: Record<string, ReadinessCheck>, timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await bounded(check, timeoutMs)] as const));
  return { ready: entries.every(([, status]) => status === 'ok'), checks: Object.fromEntries(entries) };
}

/** Redis answers PING (bounded by the runner's timeout, so a hung connection reads "no answer"). */
export function redisReadiness(redis: { ping(): Promise<string> }): ReadinessCheck {
  return async () => {
    const answer = await redis.ping();
    return answer === 'PONG' ? 'ok' : `unexpected answer to PING: ${answer}`;
  };
}
