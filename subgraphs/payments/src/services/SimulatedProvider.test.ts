import { describe, expect, it } from 'vitest';
import { paymentKey } from './PaymentProvider.js';
import { ProviderUnavailable, SimulatedProvider, type ProviderOptions } from './SimulatedProvider.js';

const provider = (overrides: Partial<ProviderOptions> = {}) =>
  new SimulatedProvider({ declineTokens: ['tok_decline'], declineOverAmount: 10_000, latencyMs: 0, failureRate: 0, ...overrides });
let n = 0;
const request = (paymentMethod: string, amount: number) => ({ orderId: `o${++n}`, amount, currency: 'USD', paymentMethod, idempotencyKey: `key-${n}` });

describe('SimulatedProvider', () => {
  it('approves ordinary tokens and amounts up to the limit', async () => {
    expect(await provider().authorize(request('tok_visa', 10_000))).toMatchObject({ state: 'authorized', providerRef: expect.stringMatching(/^sim_/) });
  });

  it('declines configured tokens and amounts over the limit, with a readable reason', async () => {
    expect(await provider().authorize(request('tok_decline', 100))).toMatchObject({ state: 'declined', reason: 'The card was declined.' });
    expect(await provider().authorize(request('tok_visa', 10_001))).toMatchObject({ state: 'declined', reason: expect.stringMatching(/limit/) });
  });

  it('fails transiently at the configured rate', async () => {
    const rolls = [0.05, 0.5, 0.2, 0.9];
    const p = provider({ failureRate: 0.25, random: () => rolls.shift()! });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await p.authorize(request('tok_visa', 1)).then(() => 'ok', (e) => (e instanceof ProviderUnavailable ? 'down' : 'other')));
    expect(outcomes).toEqual(['down', 'ok', 'down', 'ok']);
  });

  it('waits the configured latency before answering (injected sleep, no wall clock)', async () => {
    const waits: number[] = [];
    let release!: () => void;
    const p = provider({ latencyMs: 50, sleep: (ms) => (waits.push(ms), new Promise<void>((r) => (release = r))) });
    let answered = false;
    const pending = p.authorize(request('tok_visa', 1)).then((o) => ((answered = true), o));
    await Promise.resolve();
    expect(waits).toEqual([50]);
    expect(answered).toBe(false);
    release();
    expect(await pending).toMatchObject({ state: 'authorized' });
  });

  it('keeps a 3-D Secure authorization pending until its time has passed (injected clock)', async () => {
    let now = 1_000;
    const p = provider({ pendingTokens: ['tok_3ds'], pendingMs: 500, now: () => now });
    const first = await p.authorize(request('tok_3ds', 100));
    expect(first.state).toBe('pending');
    now = 1_499;
    expect((await p.retrieve(first.providerRef!)).state).toBe('pending');
    now = 1_500;
    expect((await p.retrieve(first.providerRef!)).state).toBe('authorized');
  });

  it('honours idempotency keys: a repeated or concurrent call moves money once', async () => {
    const p = provider();
    const auth = request('tok_visa', 700);
    const [a, b] = await Promise.all([p.authorize(auth), p.authorize(auth)]);
    expect(b.providerRef).toBe(a.providerRef);
    const ref = a.providerRef!;
    await Promise.all([1, 2, 3].map(() => p.capture(ref, paymentKey(auth.orderId, 'capture'))));
    await Promise.all([1, 2, 3].map(() => p.refund(ref, 700, paymentKey(auth.orderId, 'refund'))));
    expect(p.moneyMovements).toEqual([
      { step: 'capture', providerRef: ref, amount: 700 },
      { step: 'refund', providerRef: ref, amount: 700 },
    ]);
  });

  it('never refunds more than was captured, whatever the keys', async () => {
    const p = provider();
    const auth = request('tok_visa', 500);
    const { providerRef } = await p.authorize(auth);
    await p.capture(providerRef!, 'c');
    expect((await p.refund(providerRef!, 501, 'r1')).state).toBe('captured');
    expect((await p.refund(providerRef!, 500, 'r2')).state).toBe('refunded');
    expect((await p.refund(providerRef!, 500, 'r3')).state).toBe('refunded');
    expect(p.moneyMovements.filter((m) => m.step === 'refund')).toEqual([{ step: 'refund', providerRef, amount: 500 }]);
  });
});
