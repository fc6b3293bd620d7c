import { isConnectionFailure } from '@ordergraph/core';

/** The two logger methods a background worker's failures need (pino's signature). */
export interface BackgroundLogger {
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export interface BackgroundErrorLogOptions {
  /** Shortest time between two lines about the same lost dependency. @default 30000 */
  intervalMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * The `onError` of a background worker (the outbox relay, order recovery) that runs every few
 * hundred milliseconds. A bug is logged at error with its stack every time. A lost dependency
 * (database or Redis restarting: isConnectionFailure) is an outage the worker rides out by trying
 * again: one warn line without a stack, then at most one per `intervalMs` saying how many
 * failures it stood for. Before, a 4 s Redis restart wrote 52 error lines with stacks.
 */
export function backgroundErrorLog(logger: BackgroundLogger, message: string, options: BackgroundErrorLogOptions = {}) {
  const { intervalMs = 30_000, now = Date.now } = options;
  let lastWarned = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (error: unknown, details: Record<string, unknown> = {}): void => {
    if (!isConnectionFailure(error)) {
      logger.error({ err: error, ...details }, message);
      return;
    }
    const at = now();
    if (at - lastWarned < intervalMs) {
      suppressed++;
      return;
    }
    logger.warn({ reason: String((error as Error)?.message ?? error).slice(0, 200), ...details, ...(suppressed ? { suppressed } : {}) }, `${message} (dependency unavailable; retrying)`);
    lastWarned = at;
    suppressed = 0;
  };
}
