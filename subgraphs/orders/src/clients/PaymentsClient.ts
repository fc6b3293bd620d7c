import type { InternalClient } from './InternalClient.js';

export type PaymentStatus = 'PENDING' | 'AUTHORIZED' | 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'FAILED' | 'VOIDED';
export interface PaymentResult {
  status: PaymentStatus;
  failureReason: string | null;
}

export interface PaymentRef {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
}

/** Internal operations of the payments subgraph. All are idempotent per order id. */
export class PaymentsClient {
  constructor(readonly client: InternalClient) {}

  async charge(ref: PaymentRef & { paymentMethod: string }): Promise<PaymentResult> {
    const data = await this.client.request<{ chargePayment: PaymentResult }>(
      'mutation Charge($input: ChargePaymentInput!) { chargePayment(input: $input) { status failureReason } }',
      { input: ref },
      { idempotent: true },
    );
    return data.chargePayment;
  }

  async void(ref: PaymentRef): Promise<PaymentResult> {
    const data = await this.client.request<{ voidPayment: PaymentResult }>(
      'mutation Void($input: PaymentRefInput!) { voidPayment(input: $input) { status failureReason } }',
      { input: ref },
      { idempotent: true },
    );
    return data.voidPayment;
  }

  async refund(orderId: string): Promise<PaymentResult> {
    const data = await this.client.request<{ refundPayment: PaymentResult }>(
      'mutation Refund($orderId: ID!) { refundPayment(orderId: $orderId) { status failureReason } }',
      { orderId },
      { idempotent: true },
    );
    return data.refundPayment;
  }
}
