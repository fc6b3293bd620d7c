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

describe('channelIterator streams and resume', () => {
  type E = { id: string; order: string };
  const parseE = (m: string) => JSON.parse(m) as E;
  const options = { parse: parseE, position: (e: E) => BigInt(e.id), stream: (e: E) => e.order };

  it('drops repeats per stream, so an older position of another stream still arrives', async () => {
    const pubsub = new MemoryPubSub();
    const events = await channelIterator(pubsub, 'c', options);
    for (const m of [{ id: '5', order: 'a' }, { id: '3', order: 'b' }, { id: '5', order: 'a' }, { id: '4', order: 'b' }]) await pubsub.publish('c', JSON.stringify(m));
    const got = [(await events.next()).value, (await events.next()).value, (await events.next()).value];
    expect(got).toEqual([{ id: '5', order: 'a' }, { id: '3', order: 'b' }, { id: '4', order: 'b' }]);
    await events.return!();
  });

  it('replays what was missed before live events, skipping what the subscriber already had and what arrives twice', async () => {
    const pubsub = new MemoryPubSub();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const replay = async () => {
      await gate;
      return [{ id: '2', order: 'a' }, { id: '3', order: 'a' }, { id: '4', order: 'a' }];
    };
    const opening = channelIterator(pubsub, 'c', { ...options, after: new Map([['a', 2n]]), replay });
    await new Promise((r) => setTimeout(r, 10));
    // Published while the replay is read: 4 again (a repeat) and the new 5.
    await pubsub.publish('c', JSON.stringify({ id: '4', order: 'a' }));
    await pubsub.publish('c', JSON.stringify({ id: '5', order: 'a' }));
    release();
    const events = await opening;
    const ids = [(await events.next()).value.id, (await events.next()).value.id, (await events.next()).value.id];
    expect(ids).toEqual(['3', '4', '5']);
    await events.return!();
  });
});
