// The Stripe adapter through the real `stripe` client against a local fake of Stripe's API
// (test/fakeStripe.ts): outcomes, declines, 3-D Secure, 5xx and timeouts with retries, lost
// responses and idempotent replays. Nothing here may charge twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe } from '../../test/fakeStripe.js';
import { paymentKey, ProviderUnavailable } from './PaymentProvider.js';
import { createStripeClient, StripeProvider } from './StripeProvider.js';

const fake = new FakeStripe();
let stripe: StripeProvider;
let n = 0;
const order = () => `order-${++n}`;
const authorize = (orderId: string, paymentMethod = 'pm_card_visa', amount = 1250) =>
  stripe.authorize({ orderId, amount, currency: 'USD', paymentMethod, idempotencyKey: paymentKey(orderId, 'authorize') });
const intentsOf = (orderId: string) => [...fake.intents.values()].filter((i) => i.metadata.orderId === orderId);

beforeAll(async () => {
  const apiUrl = await fake.start();
  // Short timeout so the hang cases take a fraction of a second; 2 retries as in production.
  stripe = new StripeProvider(createStripeClient({ secretKey: 'sk_test_fake', apiUrl, timeoutMs: 400, maxNetworkRetries: 2 }));
});
afterAll(() => fake.stop());

describe('StripeProvider against a fake Stripe', () => {
  it('authorizes with manual capture, then captures; both carry the order key', async () => {
    const id = order();
    const auth = await authorize(id);
    expect(auth).toMatchObject({ state: 'authorized', providerRef: expect.stringMatching(/^pi_/) });
    expect(await stripe.capture(auth.providerRef!, paymentKey(id, 'capture'))).toEqual({ state: 'captured', providerRef: auth.providerRef });
    const keys = fake.requests.filter((r) => r.method === 'POST').slice(-2).map((r) => r.idempotencyKey);
    expect(keys).toEqual([paymentKey(id, 'authorize'), paymentKey(id, 'capture')]);
    expect(fake.intents.get(auth.providerRef!)).toMatchObject({ amount: 1250, currency: 'usd', status: 'succeeded', amount_received: 1250 });
  });

  it('turns a card error into a decline with a readable reason', async () => {
    const outcome = await authorize(order(), 'pm_card_chargeDeclined');
    expect(outcome).toMatchObject({ state: 'declined', providerRef: expect.stringMatching(/^pi_/), reason: 'The card was declined.' });
  });

  it('reports requires_action as pending (never success) until the intent moves on', async () => {
    const auth = await authorize(order(), 'pm_card_threeDSecure2Required');
    expect(auth.state).toBe('pending');
    fake.settle(auth.providerRef!, 'requires_capture');
    expect((await stripe.retrieve(auth.providerRef!)).state).toBe('authorized');
  });

  it('retries a 5xx with the same key and creates one intent', async () => {
    const id = order();
    fake.inject({ kind: 'status', status: 503 });
    expect((await authorize(id)).state).toBe('authorized');
    const attempts = fake.requests.filter((r) => r.idempotencyKey === paymentKey(id, 'authorize'));
    expect(attempts).toHaveLength(2);
    expect(intentsOf(id)).toHaveLength(1);
  });

  it('retries a request whose response was lost: Stripe replays the first result, no second charge', async () => {
    const id = order();
    fake.inject({ kind: 'lose-response' });
    const auth = await authorize(id);
    expect(intentsOf(id)).toHaveLength(1);
    fake.inject({ kind: 'lose-response' });
    expect((await stripe.capture(auth.providerRef!, paymentKey(id, 'capture'))).state).toBe('captured');
    const captures = fake.requests.filter((r) => r.path.endsWith('/capture') && r.idempotencyKey === paymentKey(id, 'capture'));
    expect(captures.map((r) => r.replayed)).toEqual([false, true]);
  });

  it('retries after a timeout, and gives up as ProviderUnavailable when every attempt times out', async () => {
    const id = order();
    fake.inject({ kind: 'hang' });
    expect((await authorize(id)).state).toBe('authorized');
    expect(intentsOf(id)).toHaveLength(1);
    fake.inject({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    await expect(authorize(order())).rejects.toBeInstanceOf(ProviderUnavailable);
  });

  it('replays: the same key returns the same intent and refunds once', async () => {
    const id = order();
    const [first, second] = await Promise.all([authorize(id), authorize(id)]);
    const again = await authorize(id);
    expect(new Set([first.providerRef, second.providerRef, again.providerRef]).size).toBe(1);
    expect(intentsOf(id)).toHaveLength(1);
    await stripe.capture(first.providerRef!, paymentKey(id, 'capture'));
    for (let i = 0; i < 3; i++) expect((await stripe.refund(first.providerRef!, 1250, paymentKey(id, 'refund'))).state).toBe('refunded');
    expect(fake.refunds.filter((r) => r.payment_intent === first.providerRef)).toEqual([expect.objectContaining({ amount: 1250 })]);
  });

  it('answers a cancel that came too late with the capture, so the caller refunds', async () => {
    const id = order();
    const auth = await authorize(id);
    await stripe.capture(auth.providerRef!, paymentKey(id, 'capture'));
    expect((await stripe.cancel(auth.providerRef!, paymentKey(id, 'cancel'))).state).toBe('captured');
  });
});
