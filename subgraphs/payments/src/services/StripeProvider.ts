import Stripe from 'stripe';
import type { AuthorizeRequest, PaymentProvider, ProviderOutcome } from './PaymentProvider.js';
import { ProviderUnavailable } from './PaymentProvider.js';

export interface StripeProviderOptions {
  /** `sk_live_…` / `sk_test_…` (STRIPE_SECRET_KEY). */
  secretKey: string;
  /** Where the API is; unset = api.stripe.com. A local fake or stripe-mock in tests (STRIPE_API_URL). */
  apiUrl?: string;
  /** Per-request timeout. @default 10000 */
  timeoutMs: number;
  /** Retries of a failed request (network, 409 lock, 429, 5xx), always with the same idempotency key. @default 2 */
  maxNetworkRetries: number;
}

export function createStripeClient(options: StripeProviderOptions): Stripe {
  const url = options.apiUrl ? new URL(options.apiUrl) : null;
  return new Stripe(options.secretKey, {
    timeout: options.timeoutMs,
    maxNetworkRetries: options.maxNetworkRetries,
    telemetry: false,
    ...(url ? { host: url.hostname, port: url.port || (url.protocol === 'https:' ? 443 : 80), protocol: url.protocol === 'https:' ? 'https' : 'http' } : {}),
  });
}

/** A PaymentIntent's status in our terms: requires_action / processing are pending, never success. */
export function outcomeOfIntent(intent: Stripe.PaymentIntent): ProviderOutcome {
  const providerRef = intent.id;
  switch (intent.status) {
    case 'requires_capture':
      return { state: 'authorized', providerRef };
    case 'succeeded':
      return { state: 'captured', providerRef };
    case 'canceled':
      return { state: 'cancelled', providerRef };
    case 'requires_payment_method':
      // After a failed confirmation the intent waits for another card: for this order it is a decline.
      return { state: 'declined', providerRef, reason: declineReason(intent.last_payment_error?.code) };
    default: // requires_action, requires_confirmation, processing
      return { state: 'pending', providerRef };
  }
}

const declineReason = (code?: string | null) =>
  code === 'insufficient_funds' ? 'The card has insufficient funds.' : code === 'expired_card' ? 'The card has expired.' : 'The card was declined.';

/**
 * The payment provider on Stripe's PaymentIntents (official `stripe` package): authorize with
 * manual capture, capture, cancel, refund. Every request carries our idempotency key, and the
 * client's own retries (network errors, 409, 429, 5xx) resend the same key, so Stripe runs each
 * step once. Outcomes that arrive later come in through the webhook (stripeWebhook.ts).
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;

  constructor(private readonly stripe: Stripe) {}

  authorize(request: AuthorizeRequest): Promise<ProviderOutcome> {
    return this.call(async () => {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          payment_method: request.paymentMethod,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          capture_method: 'manual',
          confirm: true,
          metadata: { orderId: request.orderId },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return outcomeOfIntent(intent);
    });
  }

  capture(providerRef: string, idempotencyKey: string): Promise<ProviderOutcome> {
    return this.call(async () => outcomeOfIntent(await this.stripe.paymentIntents.capture(providerRef, {}, { idempotencyKey })), providerRef);
  }

  cancel(providerRef: string, idempotencyKey: string): Promise<ProviderOutcome> {
    return this.call(async () => outcomeOfIntent(await this.stripe.paymentIntents.cancel(providerRef, {}, { idempotencyKey })), providerRef);
  }

  refund(providerRef: string, amount: number, idempotencyKey: string): Promise<ProviderOutcome> {
    return this.call(async () => {
      const refund = await this.stripe.refunds.create({ payment_intent: providerRef, amount }, { idempotencyKey });
      if (refund.status === 'failed' || refund.status === 'canceled') throw new ProviderUnavailable(`Stripe refund ${refund.id} ${refund.status}.`);
      return { state: 'refunded', providerRef };
    }, providerRef);
  }

  retrieve(providerRef: string): Promise<ProviderOutcome> {
    return this.call(async () => outcomeOfIntent(await this.stripe.paymentIntents.retrieve(providerRef)), providerRef);
  }

  /**
   * Map Stripe's errors: a card error is a decline (a result); an unexpected-state error means
   * the intent moved on (captured before a cancel, cancelled before a capture, already refunded):
   * its current state is the answer; transient failures may be retried by the saga.
   */
  private async call(fn: () => Promise<ProviderOutcome>, providerRef?: string): Promise<ProviderOutcome> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return { state: 'declined', providerRef: error.payment_intent?.id ?? providerRef, reason: declineReason(error.decline_code ?? error.code) };
      }
      if (error instanceof Stripe.errors.StripeInvalidRequestError && providerRef) {
        if (error.code === 'charge_already_refunded') return { state: 'refunded', providerRef };
        if (error.code === 'payment_intent_unexpected_state') return this.retrieve(providerRef);
      }
      if (
        error instanceof Stripe.errors.StripeConnectionError ||
        error instanceof Stripe.errors.StripeAPIError ||
        error instanceof Stripe.errors.StripeRateLimitError ||
        (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500)
      ) {
        throw new ProviderUnavailable(`Stripe is unavailable: ${error.message}`);
      }
      throw error;
    }
  }
}
