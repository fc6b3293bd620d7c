/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type ReservationOutcome =
  | 'COMMITTED'
  | 'OUT_OF_STOCK'
  | 'RELEASED'
  | 'RESERVED';

export type ReserveStockInput = {
  items: Array<ReserveStockItem>;
  orderId: string;
};

export type ReserveStockItem = {
  productId: string;
  quantity: number;
};

export type QuotesQueryVariables = Exact<{
  ids: Array<string> | string;
}>;


export type QuotesQuery = { productQuotes: Array<{ id: string, active: boolean, priceAmount: number, currency: string }> };

export type ReserveMutationVariables = Exact<{
  input: ReserveStockInput;
}>;


export type ReserveMutation = { reserveStock: { outcome: ReservationOutcome, productId: string | null } };

export type ReserveManyMutationVariables = Exact<{
  inputs: Array<ReserveStockInput> | ReserveStockInput;
}>;


export type ReserveManyMutation = { reserveStocks: Array<{ orderId: string, outcome: ReservationOutcome | null, productId: string | null, errorCode: string | null, errorMessage: string | null }> };

export type CommitManyMutationVariables = Exact<{
  orderIds: Array<string> | string;
}>;


export type CommitManyMutation = { commitReservations: Array<{ orderId: string, outcome: ReservationOutcome, productId: string | null }> };

export type ReleaseMutationVariables = Exact<{
  orderId: string;
}>;


export type ReleaseMutation = { releaseReservation: { outcome: ReservationOutcome, productId: string | null } };
