/**
 * What the payments subgraph needs from a card processor. Two implementations: the simulator
 * (development, tests, demos) and the Stripe adapter. Every call that can move money takes an
 * idempotency key derived from the order and the step (`paymentKey`), so a retried call, after
 * a timeout, a crash or a 5xx, finds the first call's result at the provider instead of
 * charging or refunding twice.
 */
export interface PaymentProvider {
  readonly name: 'simulator' | 'stripe';
  /** Create and confirm an authorization (manual capture) for the order. */
  authorize(request: AuthorizeRequest): Promise<ProviderOutcome>;
  /** Capture an authorization in full. */
  capture(providerRef: string, idempotencyKey: string): Promise<ProviderOutcome>;
  /** Cancel an authorization; `captured` when it had been captured meanwhile (refund it instead). */
  cancel(providerRef: string, idempotencyKey: string): Promise<ProviderOutcome>;
  /** Refund a capture in full (one refund per order, so refunds never exceed the capture). */
  refund(providerRef: string, amount: number, idempotencyKey: string): Promise<ProviderOutcome>;
  /** The charge's current state at the provider (the recovery path for `pending`). */
  retrieve(providerRef: string): Promise<ProviderOutcome>;
}

export interface AuthorizeRequest {
  orderId: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** A provider payment-method token, e.g. tok_visa / pm_card_visa. */
  paymentMethod: string;
  idempotencyKey: string;
}

/**
 * Where the charge stands at the provider. `pending` (3-D Secure, `requires_action`,
 * `processing`) is not final: the order waits until a webhook or the recovery path sees more.
 */
export type ProviderState = 'authorized' | 'captured' | 'declined' | 'cancelled' | 'refunded' | 'pending';

export interface ProviderOutcome {
  state: ProviderState;
  /** The provider's id of the charge; absent only when nothing was created. */
  providerRef?: string;
  /** Why it was declined, in words a customer can read. */
  reason?: string;
}

/** The provider could not answer (network, timeout, 5xx, rate limit); the same call may be retried. */
export class ProviderUnavailable extends Error {}

/** The step of a payment an idempotency key belongs to. */
export type PaymentStep = 'authorize' | 'capture' | 'cancel' | 'refund';

/** One key per order and step: every retry of that step presents the same key. */
export const paymentKey = (orderId: string, step: PaymentStep) => `ordergraph:${orderId}:${step}`;
