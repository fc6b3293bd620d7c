import { describe, expect, it } from 'vitest';
import { channelIterator, SlowConsumerError } from './channelIterator.js';
import { MemoryPubSub } from './MemoryPubSub.js';

const parse = (m: string) => (m === 'junk' ? null : (JSON.parse(m) as { id: string }));
const position = (e: { id: string }) => BigInt(e.id);

describe('channelIterator', () => {
  it('yields events published after subscribing, drops repeats and junk, and unsubscribes on return', async () => {
    const pubsub = new MemoryPubSub();
    const events = await channelIterator(pubsub, 'c', { parse, position });
    for (const m of ['{"id":"1"}', '{"id":"2"}', '{"id":"2"}', 'junk', '{"id":"1"}', '{"id":"3"}']) await pubsub.publish('c', m);
    expect([(await events.next()).value, (await events.next()).value, (await events.next()).value]).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    const pending = events.next();
    await pubsub.publish('c', '{"id":"4"}');
    expect((await pending).value).toEqual({ id: '4' });
    await events.return!();
    expect(await events.next()).toEqual({ value: undefined, done: true });
    await pubsub.publish('c', '{"id":"5"}'); // nobody listens any more
  });

  it('ends with SlowConsumerError instead of buffering without bound', async () => {
    const pubsub = new MemoryPubSub();
    const events = await channelIterator(pubsub, 'c', { parse, position, maxBuffer: 3 });
    for (let i = 1; i <= 4; i++) await pubsub.publish('c', JSON.stringify({ id: String(i) }));
    await expect(events.next()).rejects.toBeInstanceOf(SlowConsumerError);
  });

  it('a waiting consumer is released when the stream is returned', async () => {
    const events = await channelIterator(new MemoryPubSub(), 'c', { parse });
    const pending = events.next();
    await events.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
