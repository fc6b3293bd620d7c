// PaymentService on the Stripe adapter (fake Stripe, PGlite): the payment row follows the
// provider, pending is never success, the webhook is verified and handled once per event,
// and concurrent refund attempts refund the capture exactly once.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe } from '../../test/fakeStripe.js';
import { createPaymentsService, loadPaymentsConfig } from '../server.js';

const WEBHOOK_SECRET = 'whsec_test_secret';
const fake = new FakeStripe();
let service: Awaited<ReturnType<typeof createPaymentsService>>;
let webhookUrl: string;
let n = 0;
const ref = (amount = 900) => ({ orderId: `order-${++n}`, customerId: 'c1', amount, currency: 'USD' });
const row = (orderId: string) => service.database.prisma.payment.findUniqueOrThrow({ where: { orderId } });

function deliver(event: object, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });
  return fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload });
}
const intentEvent = (id: string, type: string, intentId: string) => ({ id, object: 'event', type, data: { object: fake.intents.get(intentId) } });

beforeAll(async () => {
  await fake.start();
  const config = loadPaymentsConfig({
    DATA_DIR: ':memory:', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0',
    PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: fake.url, STRIPE_TIMEOUT_MS: '2000',
  });
  service = await createPaymentsService(config);
  const url = await service.start(0, '127.0.0.1');
  webhookUrl = new URL('/webhooks/stripe', url).toString();
}, 60_000);
afterAll(async () => {
  await service?.stop();
  await fake.stop();
});

describe('PaymentService with Stripe', () => {
  it('authorizes and captures once; a retried charge changes nothing', async () => {
    const payment = ref();
    expect((await service.payments.charge({ ...payment, paymentMethod: 'pm_card_visa' })).status).toBe('CAPTURED');
    expect((await service.payments.charge({ ...payment, paymentMethod: 'pm_card_visa' })).status).toBe('CAPTURED');
    const { providerRef } = await row(payment.orderId);
    expect(fake.intents.get(providerRef!)).toMatchObject({ status: 'succeeded', amount_received: 900 });
    expect([...fake.intents.values()].filter((i) => i.metadata.orderId === payment.orderId)).toHaveLength(1);
  });

  it('keeps a payment that needs 3-D Secure PENDING; the signed webhook settles it, once', async () => {
    const payment = ref();
    expect((await service.payments.charge({ ...payment, paymentMethod: 'pm_card_threeDSecure2Required' })).status).toBe('PENDING');
    const { providerRef } = await row(payment.orderId);
    fake.settle(providerRef!, 'requires_capture');
    const event = intentEvent('evt_3ds_done', 'payment_intent.amount_capturable_updated', providerRef!);
    const first = await deliver(event);
    expect([first.status, await first.json()]).toEqual([200, { received: true }]);
    expect((await row(payment.orderId)).status).toBe('AUTHORIZED');
    // The saga's next charge (or recovery) captures it.
    expect((await service.payments.charge({ ...payment, paymentMethod: 'pm_card_threeDSecure2Required' })).status).toBe('CAPTURED');
    // A redelivery or replay of the same event id inside the tolerance does nothing.
    fake.settle(providerRef!, 'canceled');
    const replay = await deliver({ ...event, data: { object: fake.intents.get(providerRef!) }, type: 'payment_intent.canceled' });
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    expect((await row(payment.orderId)).status).toBe('CAPTURED');
  });

  it('refuses forged, unsigned and stale webhooks', async () => {
    const payment = ref();
    await service.payments.charge({ ...payment, paymentMethod: 'pm_card_threeDSecure2Required' });
    const { providerRef } = await row(payment.orderId);
    fake.settle(providerRef!, 'succeeded');
    const event = intentEvent('evt_forged', 'payment_intent.succeeded', providerRef!);
    expect((await deliver(event, { secret: 'whsec_not_ours' })).status).toBe(400);
    expect((await fetch(webhookUrl, { method: 'POST', body: JSON.stringify(event) })).status).toBe(400);
    expect((await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(400);
    expect((await row(payment.orderId)).status).toBe('PENDING');
    expect((await deliver(event)).status).toBe(200);
    expect((await row(payment.orderId)).status).toBe('CAPTURED');
  });

  it('turns a decline into DECLINED with the reason', async () => {
    const payment = ref();
    expect(await service.payments.charge({ ...payment, paymentMethod: 'pm_card_chargeDeclined' })).toMatchObject({
      status: 'DECLINED',
      failureReason: 'The card was declined.',
    });
  });

  it('refunds a capture exactly once under concurrent refund attempts, never more than captured', async () => {
    const payment = ref(4321);
    await service.payments.charge({ ...payment, paymentMethod: 'pm_card_visa' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => service.payments.void(payment)));
    await service.payments.void(payment); // whoever lost a race retries, as the saga does
    expect(results.some((r) => r.status === 'fulfilled' && r.value.status === 'REFUNDED')).toBe(true);
    const { providerRef, status } = await row(payment.orderId);
    expect(status).toBe('REFUNDED');
    expect(fake.refunds.filter((r) => r.payment_intent === providerRef)).toEqual([expect.objectContaining({ amount: 4321 })]);
  });

  it('a void before the charge leaves a tombstone: the late charge never reaches Stripe', async () => {
    const payment = ref();
    const before = fake.intents.size;
    expect((await service.payments.void(payment)).status).toBe('VOIDED');
    expect((await service.payments.charge({ ...payment, paymentMethod: 'pm_card_visa' })).status).toBe('VOIDED');
    expect(fake.intents.size).toBe(before);
  });
});
