import { appError, badInput, ErrorCode } from '@ordergraph/core';
import type { PaymentStatus } from '../generated/prisma/client.js';
import type { PaymentModel } from '../mappers.js';
import type { SqlClient } from '@ordergraph/db';
import { insertPayment, insertPayments, paymentByOrder, updatePayment, updatePayments } from './paymentQueries.js';
import { paymentKey, ProviderUnavailable, type PaymentProvider, type ProviderOutcome, type ProviderState } from './PaymentProvider.js';

export interface PaymentRef {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
}

export interface ChargeInput extends PaymentRef {
  paymentMethod: string;
}

export interface PaymentResult {
  orderId: string;
  status: PaymentStatus;
  failureReason: string | null;
}

const result = (p: PaymentModel): PaymentResult => ({ orderId: p.orderId, status: p.status, failureReason: p.failureReason });
const refOf = ({ orderId, customerId, amount, currency }: PaymentRef): PaymentRef => ({ orderId, customerId, amount, currency });
/** An order's own failure as its answer in a group (GraphQLErrors keep their code; anything else is an Error). */
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** The row's status a provider state leads to, and the statuses it may come from (conditional updates). */
const MOVES: Partial<Record<ProviderState, { to: PaymentStatus; from: PaymentStatus[] }>> = {
  authorized: { to: 'AUTHORIZED', from: ['PENDING'] },
  captured: { to: 'CAPTURED', from: ['PENDING', 'AUTHORIZED'] },
  declined: { to: 'DECLINED', from: ['PENDING'] },
  cancelled: { to: 'VOIDED', from: ['PENDING', 'AUTHORIZED'] },
  refunded: { to: 'REFUNDED', from: ['CAPTURED', 'VOIDED'] },
};

/** What the row records of a provider outcome (`updatePayment`). */
function updateOf(outcome: ProviderOutcome) {
  return {
    providerRef: outcome.providerRef,
    move: MOVES[outcome.state],
    failureReason: outcome.state === 'declined' ? (outcome.reason ?? 'The card was declined.') : undefined,
  };
}

/**
 * Payments of the order saga, one per order (`orderId` is unique). The row follows the
 * provider: PENDING → AUTHORIZED → CAPTURED → REFUNDED, PENDING → DECLINED,
 * PENDING|AUTHORIZED → VOIDED, only by conditional updates. Every provider call carries the
 * order's idempotency key for that step, so retries (saga, recovery, webhook races) never move
 * money twice, and the one refund of an order is its whole capture: refunds never exceed it.
 */
export class PaymentService {
  constructor(
    /** The charge path's statements: prepared, outside Prisma (#17, round 3). */
    private readonly sql: SqlClient,
    private readonly provider: PaymentProvider,
  ) {}

  async charge(input: ChargeInput): Promise<PaymentResult> {
    if (!Number.isInteger(input.amount) || input.amount < 0) throw badInput(`"amount" must be a non-negative integer; received ${input.amount}.`);
    let payment = await this.findOrCreate(input, 'PENDING');
    if (payment.amount !== BigInt(input.amount) || payment.currency !== input.currency) {
      throw badInput(`Order ${input.orderId} was already charged a different amount.`);
    }
    if (payment.status === 'PENDING') {
      // A known charge (pending 3-D Secure, or a crash after authorizing) is looked up, not sent again.
      const outcome = await this.ask(() =>
        payment.providerRef
          ? this.provider.retrieve(payment.providerRef)
          : this.provider.authorize({ ...input, idempotencyKey: paymentKey(input.orderId, 'authorize') }),
      );
      payment = await this.apply(input.orderId, outcome);
    }
    if (payment.status === 'AUTHORIZED' && payment.providerRef) {
      const ref = payment.providerRef;
      payment = await this.apply(input.orderId, await this.ask(() => this.provider.capture(ref, paymentKey(input.orderId, 'capture'))));
    }
    return result(payment);
  }

  /**
   * `charge` for several orders (#17, round 8: the orders service groups the charges that arrive
   * while one call is in flight), each answered exactly as `charge` would answer it, with one
   * statement per step for the whole group instead of three per order: the PENDING rows created
   * (one insert), the provider's authorizations (one call per order, as always, with the order's
   * idempotency key) recorded (one update), the captures recorded (one update). Each step is
   * written before the next provider call, as in `charge`, so a crash never loses a capture.
   * Anything unusual for an order — its order id twice in the group, a row a concurrent call is
   * creating, a payment already past PENDING or with a provider reference (a retry), an order
   * voided meanwhile whose late authorization or capture must be undone — goes through `charge`
   * itself, after the group. An order's own failure (a different amount, the provider unavailable)
   * is its answer alone; a failed statement fails the call (the caller retries; every step is idempotent).
   * @returns one entry per input, in input order: its result or its error.
   */
  async chargeMany(inputs: readonly ChargeInput[]): Promise<Array<PaymentResult | Error>> {
    const answers: Array<PaymentResult | Error | undefined> = new Array(inputs.length);
    const alone: number[] = [];
    const group: number[] = [];
    const seen = new Set<string>();
    inputs.forEach((input, i) => {
      if (!Number.isInteger(input.amount) || input.amount < 0) answers[i] = badInput(`"amount" must be a non-negative integer; received ${input.amount}.`);
      else if (seen.has(input.orderId)) alone.push(i);
      else {
        seen.add(input.orderId);
        group.push(i);
      }
    });
    const rows = group.length ? await insertPayments(this.sql, group.map((i) => ({ ...refOf(inputs[i]!), status: 'PENDING' as const }))) : [];
    const authorizing: number[] = [];
    group.forEach((i, k) => {
      const input = inputs[i]!;
      const payment = rows[k];
      if (!payment) alone.push(i); // a concurrent call is creating it: `charge` reads it again
      else if (payment.amount !== BigInt(input.amount) || payment.currency !== input.currency) answers[i] = badInput(`Order ${input.orderId} was already charged a different amount.`);
      else if (payment.status === 'PENDING' && !payment.providerRef) authorizing.push(i);
      else alone.push(i);
    });
    const orderIdOf = (i: number) => inputs[i]!.orderId;
    const captures = await this.step(authorizing, orderIdOf, answers, (i) => this.provider.authorize({ ...inputs[i]!, idempotencyKey: paymentKey(inputs[i]!.orderId, 'authorize') }));
    const capturing = captures.filter(({ payment }) => payment.status === 'AUTHORIZED' && payment.providerRef);
    for (const { i, payment } of captures) if (!capturing.some((c) => c.i === i)) answers[i] = result(payment);
    const captured = await this.step(
      capturing.map(({ i }) => i),
      orderIdOf,
      answers,
      (i) => this.provider.capture(capturing.find((c) => c.i === i)!.payment.providerRef!, paymentKey(inputs[i]!.orderId, 'capture')),
    );
    for (const { i, payment } of captured) answers[i] = result(payment);
    // After the group, so a repeated order id finds the row its first occurrence left.
    await Promise.all(alone.map(async (i) => (answers[i] = await this.charge(inputs[i]!).catch((error: unknown) => asError(error)))));
    return answers.map((a) => a ?? new Error('no answer'));
  }

  /**
   * One provider step for several orders: the calls (in parallel, each with its idempotency key),
   * then every outcome recorded in one statement. An order whose call failed gets that error; an
   * order voided meanwhile whose late authorization or capture must be undone goes through `apply`
   * alone. @returns the other orders with their payment as recorded.
   */
  private async step(
    indices: readonly number[],
    orderIdOf: (i: number) => string,
    answers: Array<PaymentResult | Error | undefined>,
    call: (i: number) => Promise<ProviderOutcome>,
  ): Promise<Array<{ i: number; payment: PaymentModel }>> {
    const outcomes = await Promise.all(indices.map((i) => this.ask(() => call(i)).catch((error: unknown) => asError(error))));
    const settled: Array<{ i: number; outcome: ProviderOutcome }> = [];
    indices.forEach((i, k) => {
      const outcome = outcomes[k]!;
      if (outcome instanceof Error) answers[i] = outcome;
      else settled.push({ i, outcome });
    });
    const payments = await updatePayments(this.sql, settled.map(({ i, outcome }) => ({ orderId: orderIdOf(i), ...updateOf(outcome) })));
    const recorded: Array<{ i: number; payment: PaymentModel }> = [];
    await Promise.all(
      settled.map(async ({ i, outcome }, k) => {
        const payment = payments[k];
        if (!payment) answers[i] = appError(ErrorCode.NOT_FOUND, `No payment for order ${orderIdOf(i)}.`);
        else if (payment.status === 'VOIDED' && (outcome.state === 'captured' || (outcome.state === 'authorized' && payment.providerRef))) {
          answers[i] = await this.apply(payment.orderId, outcome).then(result, (error: unknown) => asError(error));
        } else recorded.push({ i, payment });
      }),
    );
    return recorded.sort((a, b) => a.i - b.i);
  }

  /**
   * Undo whatever was charged for the order: cancel an authorization, refund a capture, or,
   * if nothing was ever charged, leave a VOIDED tombstone so a late charge does nothing.
   */
  async void(ref: PaymentRef): Promise<PaymentResult> {
    await this.findOrCreate(ref, 'VOIDED');
    const payment = await updatePayment(this.sql, ref.orderId, { move: { to: 'VOIDED', from: ['PENDING', 'AUTHORIZED'] } });
    if (!payment) throw appError(ErrorCode.NOT_FOUND, `No payment for order ${ref.orderId}.`);
    const providerRef = payment.providerRef;
    if (providerRef && payment.status === 'VOIDED') {
      return result(await this.apply(ref.orderId, await this.ask(() => this.provider.cancel(providerRef, paymentKey(ref.orderId, 'cancel')))));
    }
    if (payment.status === 'CAPTURED') return this.refund(ref.orderId);
    return result(payment);
  }

  /** Give a captured payment back in full (order cancelled after confirmation). */
  async refund(orderId: string): Promise<PaymentResult> {
    const payment = await this.get(orderId);
    if (payment.status !== 'CAPTURED' && payment.status !== 'VOIDED') return result(payment);
    if (!payment.providerRef) {
      // Captured before providers had ids (demo data, rows from before this migration): no provider holds it.
      if (payment.status === 'CAPTURED') return result(await this.apply(orderId, { state: 'refunded' }));
      return result(payment);
    }
    const providerRef = payment.providerRef;
    // Order totals are bounded far below 2^53 (orders' validation), so the amount is exact as a number.
    const outcome = await this.ask(() => this.provider.refund(providerRef, Number(payment.amount), paymentKey(orderId, 'refund')));
    return result(await this.apply(orderId, outcome));
  }

  /**
   * Record what the provider says (from a call or a webhook). If the order was voided meanwhile
   * but the provider still holds or took the money (a late authorization or capture), undo it.
   */
  async apply(orderId: string, outcome: ProviderOutcome): Promise<PaymentModel> {
    const payment = await updatePayment(this.sql, orderId, updateOf(outcome));
    if (!payment) throw appError(ErrorCode.NOT_FOUND, `No payment for order ${orderId}.`);
    if (payment.status === 'VOIDED' && payment.providerRef && outcome.state === 'authorized') return this.cancelLate(payment, payment.providerRef);
    if (payment.status === 'VOIDED' && outcome.state === 'captured') {
      await this.refund(orderId);
      return this.get(orderId);
    }
    return payment;
  }

  private async cancelLate(payment: PaymentModel, providerRef: string): Promise<PaymentModel> {
    const outcome = await this.ask(() => this.provider.cancel(providerRef, paymentKey(payment.orderId, 'cancel')));
    return outcome.state === 'captured' ? this.apply(payment.orderId, outcome) : payment;
  }

  /** A provider outage is a retryable SERVICE_UNAVAILABLE for the saga (same key on retry). */
  private async ask(call: () => Promise<ProviderOutcome>): Promise<ProviderOutcome> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ProviderUnavailable) throw appError(ErrorCode.SERVICE_UNAVAILABLE, error.message, { details: { retryable: true } });
      throw error;
    }
  }

  private async findOrCreate(ref: PaymentRef, status: PaymentStatus): Promise<PaymentModel> {
    const payment = await insertPayment(this.sql, { orderId: ref.orderId, customerId: ref.customerId, amount: ref.amount, currency: ref.currency, status });
    // null: a concurrent call was creating it; it has committed by now (the insert waited for it).
    return payment ?? this.get(ref.orderId);
  }

  private async get(orderId: string): Promise<PaymentModel> {
    const payment = await paymentByOrder(this.sql, orderId);
    if (!payment) throw appError(ErrorCode.NOT_FOUND, `No payment for order ${orderId}.`);
    return payment;
  }
}
