import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './BoundedQueue.js';

describe('BoundedQueue', () => {
  it('delivers pushed values in order, to a waiting consumer too, and ends after what is buffered', async () => {
    const stream = new BoundedQueue<number>({ maxBuffered: 10, onOverflow: () => undefined });
    const first = stream.next();
    stream.push(1);
    stream.push(2);
    stream.push(3);
    stream.end();
    expect(await first).toEqual({ value: 1, done: false });
    const rest: number[] = [];
    for await (const v of stream) rest.push(v);
    expect(rest).toEqual([2, 3]);
    expect(stream.push(4)).toBe(false);
  });

  it('cuts off a consumer that falls more than maxBuffered behind, once, without growing', async () => {
    let overflows = 0;
    let returns = 0;
    const stream = new BoundedQueue<number>({ maxBuffered: 3, onOverflow: () => void overflows++, onReturn: () => void returns++ });
    expect([1, 2, 3].map((v) => stream.push(v))).toEqual([true, true, true]);
    expect(stream.push(4)).toBe(false);
    expect(stream.push(5)).toBe(false);
    expect({ overflows, returns, size: stream.size }).toEqual({ overflows: 1, returns: 1, size: 0 });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('return() releases a waiting consumer, drops the buffer and reports the departure once', async () => {
    let returns = 0;
    const stream = new BoundedQueue<number>({ maxBuffered: 3, onOverflow: () => undefined, onReturn: () => void returns++ });
    const waiting = stream.next();
    await stream.return();
    await stream.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(returns).toBe(1);
  });

  it('fail() drops the buffer, rejects the waiting and every later read with the error, and reports the departure once', async () => {
    let returns = 0;
    const queue = new BoundedQueue<number>({ maxBuffered: 3, onOverflow: () => new Error('too slow'), onReturn: () => void returns++ });
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(queue.push(4)).toBe(false); // overflow: onOverflow's error fails the queue
    await expect(queue.next()).rejects.toThrow('too slow');
    await expect(queue.next()).rejects.toThrow('too slow');
    expect({ returns, size: queue.size }).toEqual({ returns: 1, size: 0 });
  });
});
