import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthorizeRequest, PaymentProvider, ProviderOutcome, ProviderState } from './PaymentProvider.js';
import { ProviderUnavailable } from './PaymentProvider.js';

export { ProviderUnavailable } from './PaymentProvider.js';

export interface ProviderOptions {
  /** Card tokens that are always declined. @default ['tok_decline'] */
  declineTokens: string[];
  /** Card tokens whose authorization needs the customer (3-D Secure): pending for `pendingMs`. @default ['tok_3ds'] */
  pendingTokens?: string[];
  /** How long a pending authorization stays pending before it is approved. @default 2000 */
  pendingMs?: number;
  /** Amounts (minor units) above this are declined. @default 1_000_000 */
  declineOverAmount: number;
  /** Added to every authorization, to exercise timeouts. @default 0 */
  latencyMs: number;
  /** Share (0–1) of authorizations that fail as if the provider were down. @default 0 */
  failureRate: number;
  /** Source of randomness for `failureRate`. @default Math.random */
  random?: () => number;
  /** Waits `ms` (the latency); injected so tests need no wall clock. @default timers/promises setTimeout */
  sleep?: (ms: number) => Promise<unknown>;
  /** Current time in ms (pending authorizations); injected for tests. @default Date.now */
  now?: () => number;
}

interface Intent {
  amount: number;
  state: ProviderState;
  reason?: string;
  /** Until when a pending authorization stays pending. */
  pendingUntil?: number;
  refunded: number;
}

/**
 * A stand-in for a card processor, so tests and demos can take every path: approvals,
 * declines by token or amount, pending (3-D Secure) authorizations, latency and transient
 * outages, all set by env. Like a real provider it honours idempotency keys: a call repeated
 * with the same key returns the first call's result and moves no money again. State lives in
 * memory, so it is for one process: development, tests and demos, never production.
 */
export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulator' as const;
  private readonly intents = new Map<string, Intent>();
  private readonly byKey = new Map<string, Promise<ProviderOutcome>>();
  /** Calls that reached the provider and moved money (not replays): for tests and audits. */
  readonly moneyMovements: Array<{ step: 'capture' | 'refund'; providerRef: string; amount: number }> = [];

  constructor(private readonly options: ProviderOptions) {}

  authorize(request: AuthorizeRequest): Promise<ProviderOutcome> {
    return this.once(request.idempotencyKey, async () => {
      if (this.options.latencyMs > 0) await (this.options.sleep ?? sleep)(this.options.latencyMs);
      if ((this.options.random ?? Math.random)() < this.options.failureRate) {
        throw new ProviderUnavailable('The payment provider is temporarily unavailable.');
      }
      const providerRef = `sim_${randomUUID()}`;
      const intent: Intent = { amount: request.amount, state: 'authorized', refunded: 0 };
      if (this.options.declineTokens.includes(request.paymentMethod)) Object.assign(intent, { state: 'declined', reason: 'The card was declined.' });
      else if (request.amount > this.options.declineOverAmount) Object.assign(intent, { state: 'declined', reason: 'The amount is over the card limit.' });
      else if ((this.options.pendingTokens ?? ['tok_3ds']).includes(request.paymentMethod)) {
        Object.assign(intent, { state: 'pending', pendingUntil: this.now() + (this.options.pendingMs ?? 2000) });
      }
      this.intents.set(providerRef, intent);
      return this.outcome(providerRef, intent);
    });
  }

  capture(providerRef: string, idempotencyKey: string): Promise<ProviderOutcome> {
    return this.once(idempotencyKey, async () => {
      const intent = this.intent(providerRef);
      if (intent.state === 'authorized') {
        intent.state = 'captured';
        this.moneyMovements.push({ step: 'capture', providerRef, amount: intent.amount });
      }
      return this.outcome(providerRef, intent);
    });
  }

  cancel(providerRef: string, idempotencyKey: string): Promise<ProviderOutcome> {
    return this.once(idempotencyKey, async () => {
      const intent = this.intent(providerRef);
      if (intent.state === 'authorized' || intent.state === 'pending') intent.state = 'cancelled';
      return this.outcome(providerRef, intent);
    });
  }

  refund(providerRef: string, amount: number, idempotencyKey: string): Promise<ProviderOutcome> {
    return this.once(idempotencyKey, async () => {
      const intent = this.intent(providerRef);
      // Like Stripe: a refund larger than what is left of the capture is refused.
      if (intent.state !== 'captured' || amount > intent.amount - intent.refunded) return this.outcome(providerRef, intent);
      intent.refunded += amount;
      if (intent.refunded === intent.amount) intent.state = 'refunded';
      this.moneyMovements.push({ step: 'refund', providerRef, amount });
      return this.outcome(providerRef, intent);
    });
  }

  async retrieve(providerRef: string): Promise<ProviderOutcome> {
    return this.outcome(providerRef, this.intent(providerRef));
  }

  /** The first call with a key runs; every later one (also concurrent) gets its result. */
  private once(key: string, run: () => Promise<ProviderOutcome>): Promise<ProviderOutcome> {
    let result = this.byKey.get(key);
    if (!result) {
      result = run();
      this.byKey.set(key, result);
      // A failure is not a result: like Stripe after a 5xx, the key may be tried again.
      result.catch(() => this.byKey.delete(key));
    }
    return result;
  }

  private intent(providerRef: string): Intent {
    const intent = this.intents.get(providerRef);
    if (!intent) throw new ProviderUnavailable(`The simulator has no payment ${providerRef} (it keeps state in memory only).`);
    if (intent.state === 'pending' && intent.pendingUntil !== undefined && this.now() >= intent.pendingUntil) intent.state = 'authorized';
    return intent;
  }

  private outcome(providerRef: string, intent: Intent): ProviderOutcome {
    if (intent.state === 'pending' && intent.pendingUntil !== undefined && this.now() >= intent.pendingUntil) intent.state = 'authorized';
    return { state: intent.state, providerRef, ...(intent.reason ? { reason: intent.reason } : {}) };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
