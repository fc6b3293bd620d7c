import type { InternalClient } from './InternalClient.js';
// Generated from the payments subgraph's schema and the operations below (`pnpm codegen`).
import type { ChargeMutation, ChargeMutationVariables, PaymentRefInput, PaymentStatus, VoidMutation, VoidMutationVariables } from './generated/payments.js';

export type { PaymentStatus };
export type PaymentResult = ChargeMutation['chargePayment'];
export type PaymentRef = PaymentRefInput;

/** Internal operations of the payments subgraph. All are idempotent per order id. */
export class PaymentsClient {
  constructor(readonly client: InternalClient) {}

  async charge(ref: PaymentRef & { paymentMethod: string }): Promise<PaymentResult> {
    const data = await this.client.request<ChargeMutation>(
      /* GraphQL */ `mutation Charge($input: ChargePaymentInput!) { chargePayment(input: $input) { status failureReason } }`,
      { input: ref } satisfies ChargeMutationVariables,
      { idempotent: true },
    );
    return data.chargePayment;
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
