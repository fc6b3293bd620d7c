import { groupWhileInFlight } from '../grouping.js';
import { DependencyRejected, DependencyUnavailable, type InternalClient } from './InternalClient.js';
// Generated from the payments subgraph's schema and the operations below (`pnpm codegen`).
import type {
  ChargeManyMutation,
  ChargeManyMutationVariables,
  ChargeMutation,
  ChargeMutationVariables,
  PaymentRefInput,
  PaymentStatus,
  VoidMutation,
  VoidMutationVariables,
} from './generated/payments.js';

export type { PaymentStatus };
export type PaymentResult = ChargeMutation['chargePayment'];
export type PaymentRef = PaymentRefInput;
type ChargeRequest = PaymentRef & { paymentMethod: string };

/** Most charges in one call (the subgraph's list arguments allow 1000; the provider is called once per order). */
const MAX_CHARGE_BATCH = 100;
/** Codes InternalClient treats as passing (retried): an order that gets one alone is retried alone. */
const TRANSIENT_CODES = new Set(['SERVICE_UNAVAILABLE', 'CONFLICT', 'INTERNAL_SERVER_ERROR']);

/** Internal operations of the payments subgraph. All are idempotent per order id. */
export class PaymentsClient {
  /**
   * Grouped charges (#17, round 8), like products' reservations: while one chargePayments call is
   * in flight, the charges that arrive wait and go together in the next one: one GraphQL execution
   * and one statement per step in payments for the group. An idle service sends each at once.
   */
  private readonly charges = groupWhileInFlight<ChargeRequest, PaymentResult>((requests) => this.chargeMany(requests), MAX_CHARGE_BATCH);

  constructor(readonly client: InternalClient) {}

  /** Authorize and capture the order's payment (grouped with concurrent charges; see `charges`). */
  charge(ref: ChargeRequest): Promise<PaymentResult> {
    return this.charges.load(ref);
  }

  private async chargeOne(ref: ChargeRequest): Promise<PaymentResult> {
    const data = await this.client.request<ChargeMutation>(
      /* GraphQL */ `mutation Charge($input: ChargePaymentInput!) { chargePayment(input: $input) { status failureReason } }`,
      { input: ref } satisfies ChargeMutationVariables,
      { idempotent: true },
    );
    return data.chargePayment;
  }

  /**
   * The whole call failing (after InternalClient's retries) fails every order of the group, as a
   * single call's failure did. An order's own error is a refusal, or, when passing, one more try
   * of that order alone (with the usual retries).
   */
  private async chargeMany(requests: readonly ChargeRequest[]): Promise<Array<PaymentResult | Error>> {
    const data = await this.client.request<ChargeManyMutation>(
      /* GraphQL */ `mutation ChargeMany($inputs: [ChargePaymentInput!]!) { chargePayments(inputs: $inputs) { orderId status failureReason errorCode errorMessage } }`,
      { inputs: requests.map(({ orderId, customerId, amount, currency, paymentMethod }) => ({ orderId, customerId, amount, currency, paymentMethod })) } satisfies ChargeManyMutationVariables,
      { idempotent: true },
    );
    return Promise.all(
      requests.map(async (request, i) => {
        const r = data.chargePayments[i];
        if (r?.orderId !== request.orderId) return new DependencyUnavailable('payments', `chargePayments answered no result for order ${request.orderId}`);
        if (r.status) return { status: r.status, failureReason: r.failureReason ?? null };
        if (r.errorCode && TRANSIENT_CODES.has(r.errorCode)) return this.chargeOne(request).catch((error: Error) => error);
        return new DependencyRejected('payments', r.errorCode ?? undefined, r.errorMessage ?? `Charge of order ${request.orderId} refused.`);
      }),
    );
  }

  async void(ref: PaymentRef): Promise<PaymentResult> {
    const data = await this.client.request<VoidMutation>(
      /* GraphQL */ `mutation Void($input: PaymentRefInput!) { voidPayment(input: $input) { status failureReason } }`,
      { input: ref } satisfies VoidMutationVariables,
      { idempotent: true },
    );
    return data.voidPayment;
  }
}
