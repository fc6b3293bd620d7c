import { setTimeout as sleep } from 'node:timers/promises';

export interface ProviderOptions {
  /** Card tokens that are always declined. @default ['tok_decline'] */
  declineTokens: string[];
  /** Amounts (minor units) above this are declined. @default 1_000_000 */
  declineOverAmount: number;
  /** Added to every authorization, to exercise timeouts. @default 0 */
  latencyMs: number;
  /** Share (0–1) of authorizations that fail as if the provider were down. @default 0 */
  failureRate: number;
  /** Source of randomness for `failureRate`. @default Math.random */
  random?: () => number;
}

export type Authorization = { approved: true } | { approved: false; reason: string };

/** The provider could not answer; the charge may be retried with the same order id. */
export class ProviderUnavailable extends Error {}

/**
 * A stand-in for a card processor, so tests and demos can take every path: approvals,
 * declines by token or amount, latency and transient outages, all set by env.
 */
export class SimulatedProvider {
  constructor(private readonly options: ProviderOptions) {}

  async authorize(token: string, amount: number): Promise<Authorization> {
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs);
    if ((this.options.random ?? Math.random)() < this.options.failureRate) {
      throw new ProviderUnavailable('The payment provider is temporarily unavailable.');
    }
    if (this.options.declineTokens.includes(token)) return { approved: false, reason: 'The card was declined.' };
    if (amount > this.options.declineOverAmount) {
      return { approved: false, reason: 'The amount is over the card limit.' };
    }
    return { approved: true };
  }
}
