import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryPubSub } from './MemoryPubSub.js';
import { RedisPubSub } from './RedisPubSub.js';
import type { PubSub } from './types.js';

const redisUrl = process.env.TEST_REDIS_URL;
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

const suites: Array<[string, () => PubSub[], boolean]> = [
  ['memory', () => { const one = new MemoryPubSub(); return [one, one]; }, true],
  ['redis (two replicas)', () => {
    const prefix = `test:${randomBytes(4).toString('hex')}:`;
    return [new RedisPubSub({ url: redisUrl!, prefix }), new RedisPubSub({ url: redisUrl!, prefix })];
  }, !!redisUrl],
];

describe.each(suites)('%s pub/sub', (_name, make, enabled) => {
  it.runIf(enabled)('delivers in publish order to every subscriber of the channel only, until unsubscribed', async () => {
    const [publisher, subscriber] = make() as [PubSub, PubSub];
    try {
      const a: string[] = [];
      const b: string[] = [];
      const other: string[] = [];
      const stopA = await subscriber.subscribe('order:1', (m) => a.push(m));
      await subscriber.subscribe('order:1', (m) => b.push(m));
      await subscriber.subscribe('order:2', (m) => other.push(m));
      for (let i = 0; i < 50; i++) await publisher.publish('order:1', String(i));
      await until(() => a.length === 50 && b.length === 50);
      expect(a).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
      expect(b).toEqual(a);
      expect(other).toEqual([]);
      await stopA();
      await publisher.publish('order:1', 'after');
      await until(() => b.length === 51);
      expect(b.at(-1)).toBe('after');
      expect(a).toHaveLength(50);
    } finally {
      await publisher.close();
      await subscriber.close();
    }
  });

  it.runIf(enabled)('publishMany delivers a batch over several channels in its order', async () => {
    const [publisher, subscriber] = make() as [PubSub, PubSub];
    try {
      const seen: string[] = [];
      await subscriber.subscribe('order:1', (m) => seen.push(`1:${m}`));
      await subscriber.subscribe('customer:1', (m) => seen.push(`c:${m}`));
      const batch = Array.from({ length: 300 }, (_, i) => ({ channel: i % 2 ? 'customer:1' : 'order:1', message: String(i) }));
      await publisher.publishMany(batch);
      await publisher.publishMany([]);
      await until(() => seen.length === 300);
      expect(seen).toEqual(batch.map((m) => `${m.channel === 'order:1' ? '1' : 'c'}:${m.message}`));
    } finally {
      await publisher.close();
      await subscriber.close();
    }
  });
});

describe('redis publishMany', () => {
  it('fails the batch when Redis cannot be reached (the outbox keeps the events)', async () => {
    const unreachable = new RedisPubSub({ url: 'redis://127.0.0.1:1', prefix: 'test:' });
    try {
      await expect(unreachable.publishMany([{ channel: 'order:1', message: 'x' }])).rejects.toThrow();
    } finally {
      await unreachable.close();
    }
  });
});
