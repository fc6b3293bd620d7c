import type { Redis } from 'ioredis';

export interface RedisWatchdogOptions {
  /** How long a PING may go unanswered (the client's `commandTimeout` should be at most this). @default 500 */
  timeoutMs?: number;
  /** Time between checks of a ready connection. @default 1000 */
  intervalMs?: number;
  /** Told once each time the connection is dropped for not answering. */
  onStall?: () => void;
}

/**
 * Drop a connection whose server stopped answering. A paused or partitioned Redis keeps the
 * socket open, so the client stays "ready" and every command waits out its timeout (or, without
 * one, forever). A PING that goes unanswered disconnects and reconnects: while the reconnect's
 * ready check goes unanswered the client is not ready, so commands fail at once (with the
 * offline queue off) and callers fall back immediately. ioredis has no such check of its own.
 * The timer stops when the client ends. Returns a function that stops it earlier.
 */
export function dropWhenUnanswered(redis: Redis, { timeoutMs = 500, intervalMs = 1_000, onStall }: RedisWatchdogOptions = {}): () => void {
  const check = () => {
    if (redis.status !== 'ready') return;
    let answered = false;
    // Decided in the check phase, after pending socket reads: a reply that arrived while this
    // process itself was busy (event-loop lag on a loaded host) still counts as an answer.
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (answered || redis.status !== 'ready') return;
          onStall?.();
          redis.disconnect(true);
        }),
      timeoutMs,
    );
    redis
      .ping()
      .then(() => {
        answered = true;
      })
      .catch(() => undefined) // a timeout or a lost connection: the timer or the reconnect handles it
      .finally(() => {
        if (answered) clearTimeout(timer);
      });
  };
  const interval = setInterval(check, intervalMs);
  interval.unref();
  const stop = () => clearInterval(interval);
  redis.once('end', stop);
  return stop;
}
