import { describe, expect, it } from 'vitest';
import { backgroundErrorLog } from './backgroundErrorLog.js';

function recorder() {
  const lines: Array<{ level: 'warn' | 'error'; object: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    logger: {
      warn: (object: Record<string, unknown>, message: string) => lines.push({ level: 'warn', object, message }),
      error: (object: Record<string, unknown>, message: string) => lines.push({ level: 'error', object, message }),
    },
  };
}

const redisOffline = () => new Error("Stream isn't writeable and enableOfflineQueue options is false");
const databaseGone = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('backgroundErrorLog', () => {
  it('logs a lost dependency once per interval, at warn without a stack, then says how many failures it stood for', () => {
    const { lines, logger } = recorder();
    let now = 1_000;
    const log = backgroundErrorLog(logger, 'outbox relay failed', { intervalMs: 30_000, now: () => now });
    for (let pass = 0; pass < 52; pass++) {
      log(pass % 2 ? redisOffline() : databaseGone());
      now += 75;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', message: 'outbox relay failed (dependency unavailable; retrying)' });
    expect(lines[0]!.object).not.toHaveProperty('err');
    now += 30_000;
    log(redisOffline(), { orderId: 'o-1' });
    expect(lines).toHaveLength(2);
    expect(lines[1]!.object).toMatchObject({ suppressed: 51, orderId: 'o-1' });
  });

  it('logs any other failure at error with the error itself, every time', () => {
    const { lines, logger } = recorder();
    const log = backgroundErrorLog(logger, 'order recovery failed', { now: () => 0 });
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    log(bug, { orderId: 'o-2' });
    log(bug, { orderId: 'o-3' });
    expect(lines).toEqual([
      { level: 'error', object: { err: bug, orderId: 'o-2' }, message: 'order recovery failed' },
      { level: 'error', object: { err: bug, orderId: 'o-3' }, message: 'order recovery failed' },
    ]);
  });
});
