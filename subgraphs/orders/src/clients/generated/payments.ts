/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type ChargePaymentInput = {
  amount: number;
  currency: string;
  customerId: string;
  orderId: string;
  /** Simulated card token, e.g. tok_visa; tok_decline is always declined. */
  paymentMethod: string;
};

export type PaymentRefInput = {
  amount: number;
  currency: string;
  customerId: string;
  orderId: string;
};

export type PaymentStatus =
  | 'AUTHORIZED'
  | 'CAPTURED'
  | 'DECLINED'
  | 'FAILED'
  | 'PENDING'
  | 'REFUNDED'
  /** The authorization was cancelled before capture; nothing was charged. */
  | 'VOIDED';

export type ChargeMutationVariables = Exact<{
  input: ChargePaymentInput;
}>;


export type ChargeMutation = { chargePayment: { status: PaymentStatus, failureReason: string | null } };

export type ChargeManyMutationVariables = Exact<{
  inputs: Array<ChargePaymentInput> | ChargePaymentInput;
}>;


export type ChargeManyMutation = { chargePayments: Array<{ orderId: string, status: PaymentStatus | null, failureReason: string | null, errorCode: string | null, errorMessage: string | null }> };

export type VoidMutationVariables = Exact<{
  input: PaymentRefInput;
}>;


export type VoidMutation = { voidPayment: { status: PaymentStatus, failureReason: string | null } };
