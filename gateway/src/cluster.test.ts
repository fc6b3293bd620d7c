import { describe, expect, it } from 'vitest';
import { createRestartPlanner } from './cluster.js';

describe('createRestartPlanner (cluster mode)', () => {
  const policy = { initialDelayMs: 500, maxDelayMs: 4000, stableAfterMs: 60_000, maxCrashes: 6 };

  it('backs off exponentially while workers crash soon after starting, capped, then gives up', () => {
    const plan = createRestartPlanner(policy);
    const delays = Array.from({ length: 7 }, () => plan(100));
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000, null]);
  });

  it('starts over once a worker ran long enough to count as stable', () => {
    const plan = createRestartPlanner(policy);
    expect([plan(100), plan(100), plan(100)]).toEqual([500, 1000, 2000]);
    expect(plan(60_000)).toBe(500); // a crash after a long healthy run is not a loop
    expect(plan(100)).toBe(1000);
  });
});
