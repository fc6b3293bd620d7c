import type { InternalClient } from './InternalClient.js';
// Generated from the products subgraph's schema and the operations below (`pnpm codegen`).
import type {
  CommitMutation,
  CommitMutationVariables,
  QuotesQuery,
  QuotesQueryVariables,
  ReleaseMutation,
  ReleaseMutationVariables,
  ReservationOutcome,
  ReserveMutation,
  ReserveMutationVariables,
} from './generated/products.js';

export type { ReservationOutcome };
export type ProductQuote = QuotesQuery['productQuotes'][number];
export type ReservationResult = ReserveMutation['reserveStock'];

/** Internal operations of the products subgraph. All are idempotent per order id. */
export class ProductsClient {
  constructor(readonly client: InternalClient) {}

  async quotes(ids: string[]): Promise<ProductQuote[]> {
    const data = await this.client.request<QuotesQuery>(
      /* GraphQL */ `query Quotes($ids: [ID!]!) { productQuotes(ids: $ids) { id active priceAmount currency } }`,
      { ids } satisfies QuotesQueryVariables,
      { idempotent: true },
    );
    return data.productQuotes;
  }

  async reserve(orderId: string, items: Array<{ productId: string; quantity: number }>): Promise<ReservationResult> {
    const data = await this.client.request<ReserveMutation>(
      /* GraphQL */ `mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) { outcome productId } }`,
      { input: { orderId, items } } satisfies ReserveMutationVariables,
      { idempotent: true },
    );
    return data.reserveStock;
  }

  async commit(orderId: string): Promise<ReservationResult> {
    const data = await this.client.request<CommitMutation>(
      /* GraphQL */ `mutation Commit($orderId: ID!) { commitReservation(orderId: $orderId) { outcome productId } }`,
      { orderId } satisfies CommitMutationVariables,
      { idempotent: true },
    );
    return data.commitReservation;
  }

  async release(orderId: string): Promise<ReservationResult> {
    const data = await this.client.request<ReleaseMutation>(
      /* GraphQL */ `mutation Release($orderId: ID!) { releaseReservation(orderId: $orderId) { outcome productId } }`,
      { orderId } satisfies ReleaseMutationVariables,
      { idempotent: true },
    );
    return data.releaseReservation;
  }
}
