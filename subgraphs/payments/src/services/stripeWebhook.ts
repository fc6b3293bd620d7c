import type { IncomingMessage, ServerResponse } from 'node:http';
import Stripe from 'stripe';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ProviderOutcome } from './PaymentProvider.js';
import type { PaymentService } from './PaymentService.js';
import { outcomeOfIntent } from './StripeProvider.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';
const MAX_BODY_BYTES = 512 * 1024;

export interface StripeWebhookOptions {
  /** `whsec_…`, the endpoint's signing secret (STRIPE_WEBHOOK_SECRET). */
  secret: string;
  /** Oldest signature timestamp accepted, in seconds: older deliveries are replays. @default 300 */
  toleranceSeconds: number;
  /** Logs what was refused or failed (never the payload). */
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** PaymentIntent events that settle a payment; others are acknowledged and ignored. */
const HANDLED = new Set(['payment_intent.amount_capturable_updated', 'payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled', 'payment_intent.processing', 'payment_intent.requires_action']);

function readRaw(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(null);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const reply = (res: ServerResponse, status: number, body: object) => {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * POST /webhooks/stripe: Stripe's asynchronous outcomes (3-D Secure finished, processing done,
 * late failures). The signature (`Stripe-Signature`, HMAC-SHA256 over timestamp and raw body)
 * is verified by the `stripe` package's constructEvent, which also refuses timestamps older
 * than the tolerance; an event id is handled once (ProcessedWebhookEvent), so a replay inside
 * the tolerance or a redelivery changes nothing. Non-2xx makes Stripe redeliver later.
 */
export function createStripeWebhookHandler(prisma: PrismaClient, payments: PaymentService, options: StripeWebhookOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      if (req.method !== 'POST') {
        req.resume();
        return reply(res, 405, { error: 'Use POST.' });
      }
      const body = await readRaw(req);
      if (!body) return reply(res, 413, { error: `Body over ${MAX_BODY_BYTES} bytes.` });
      let event: Stripe.Event;
      try {
        event = Stripe.webhooks.constructEvent(body, req.headers['stripe-signature'] ?? '', options.secret, options.toleranceSeconds);
      } catch (error) {
        options.log.warn({ reason: (error as Error).message }, 'stripe webhook refused: bad or stale signature');
        return reply(res, 400, { error: 'Invalid Stripe-Signature.' });
      }
      const handled = await handleEvent(prisma, payments, event);
      reply(res, 200, { received: true, ...handled });
    })().catch((error: unknown) => {
      options.log.error({ err: error }, 'stripe webhook failed; Stripe will redeliver');
      reply(res, 500, { error: 'Could not process the event; it will be redelivered.' });
    });
  };
}

async function handleEvent(prisma: PrismaClient, payments: PaymentService, event: Stripe.Event): Promise<{ duplicate?: boolean; ignored?: boolean }> {
  if (!HANDLED.has(event.type)) return { ignored: true };
  if (await prisma.processedWebhookEvent.findUnique({ where: { id: event.id } })) return { duplicate: true };
  const intent = event.data.object as Stripe.PaymentIntent;
  const outcome: ProviderOutcome = outcomeOfIntent(intent);
  const orderId = intent.metadata?.orderId ?? (await prisma.payment.findUnique({ where: { providerRef: intent.id } }))?.orderId;
  // Applying is idempotent (conditional updates), so a crash before the record below only means a harmless redo.
  if (orderId && (await prisma.payment.findUnique({ where: { orderId } }))) await payments.apply(orderId, outcome);
  try {
    await prisma.processedWebhookEvent.create({ data: { id: event.id, type: event.type } });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return { duplicate: true };
    throw error;
  }
  return {};
}
