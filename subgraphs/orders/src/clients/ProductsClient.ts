import type { InternalClient } from './InternalClient.js';

export interface ProductQuote {
  id: string;
  active: boolean;
  priceAmount: number;
  currency: string;
}

export type ReservationOutcome = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'OUT_OF_STOCK';
export interface ReservationResult {
  outcome: ReservationOutcome;
  productId: string | null;
}

/** Internal operations of the products subgraph. All are idempotent per order id. */
export class ProductsClient {
  constructor(readonly client: InternalClient) {}

  async quotes(ids: string[]): Promise<ProductQuote[]> {
    const data = await this.client.request<{ productQuotes: ProductQuote[] }>(
      'query Quotes($ids: [ID!]!) { productQuotes(ids: $ids) { id active priceAmount currency } }',
      { ids },
      { idempotent: true },
    );
    return data.productQuotes;
  }

  async reserve(orderId: string, items: Array<{ productId: string; quantity: number }>): Promise<ReservationResult> {
    const data = await this.client.request<{ reserveStock: ReservationResult }>(
      'mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) { outcome productId } }',
      { input: { orderId, items } },
      { idempotent: true },
    );
    return data.reserveStock;
  }

  async commit(orderId: string): Promise<ReservationResult> {
    const data = await this.client.request<{ commitReservation: ReservationResult }>(
      'mutation Commit($orderId: ID!) { commitReservation(orderId: $orderId) { outcome productId } }',
      { orderId },
      { idempotent: true },
    );
    return data.commitReservation;
  }

  async release(orderId: string): Promise<ReservationResult> {
    const data = await this.client.request<{ releaseReservation: ReservationResult }>(
      'mutation Release($orderId: ID!) { releaseReservation(orderId: $orderId) { outcome productId } }',
      { orderId },
      { idempotent: true },
    );
    return data.releaseReservation;
  }
}
