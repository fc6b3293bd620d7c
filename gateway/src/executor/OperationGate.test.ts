import { afterEach, describe, expect, it, vi } from 'vitest';
import { OperationGate } from './OperationGate.js';

/** An operation that finishes when the test says so. */
function controlled<T>() {
  let finish!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { promise, finish, fail };
}

describe('OperationGate', () => {
  it('runs at most `limit` operations at once and starts the waiting ones in arrival order', async () => {
    const gate = new OperationGate({ limit: 2 });
    const started: string[] = [];
    const ops = { a: controlled<string>(), b: controlled<string>(), c: controlled<string>(), d: controlled<string>() };
    const results = Object.entries(ops).map(([name, op]) =>
      gate.run(() => {
        started.push(name);
        return op.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(gate.stats()).toEqual({ running: 2, waiting: 2 });

    ops.b.finish('B');
    await expect(results[1]).resolves.toBe('B');
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b', 'c']);
    expect(gate.stats()).toEqual({ running: 2, waiting: 1 });

    // A failure frees its slot too, and reaches its caller unchanged.
    ops.a.fail(new Error('subgraph down'));
    await expect(results[0]).rejects.toThrow('subgraph down');
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b', 'c', 'd']);

    ops.c.finish('C');
    ops.d.finish('D');
    await expect(Promise.all(results.slice(2))).resolves.toEqual(['C', 'D']);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets the next one start when an operation has held its slot for holdMs (a hung subgraph holds up no one for longer)', async () => {
    vi.useFakeTimers();
    const gate = new OperationGate({ limit: 1, holdMs: 1000 });
    const hung = controlled<string>();
    const started: string[] = [];
    const first = gate.run(() => {
      started.push('hung');
      return hung.promise;
    });
    const second = gate.run(async () => {
      started.push('next');
      return 'done';
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toEqual(['hung']);
    await vi.advanceTimersByTimeAsync(1);
    await expect(second).resolves.toBe('done');
    expect(started).toEqual(['hung', 'next']);
    // The slot was handed on once: finishing late frees nothing twice.
    hung.finish('late');
    await expect(first).resolves.toBe('late');
    expect(gate.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a limit that is not a positive integer, saying what it received', () => {
    expect(() => new OperationGate({ limit: 0 })).toThrow('expected a limit that is an integer >= 1, received 0');
    expect(() => new OperationGate({ limit: 2.5 })).toThrow('received 2.5');
    expect(() => new OperationGate({ limit: 1, holdMs: 0 })).toThrow('expected holdMs > 0, received 0');
  });
});
