import DataLoader from 'dataloader';
import { DependencyRejected, type InternalClient } from './InternalClient.js';
// Generated from the products subgraph's schema and the operations below (`pnpm codegen`).
import type {
  CommitManyMutation,
  CommitManyMutationVariables,
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

/** Most commits in one call (the subgraph's list arguments allow 1000). */
const MAX_COMMIT_BATCH = 500;

/** Internal operations of the products subgraph. All are idempotent per order id. */
export class ProductsClient {
  /**
   * Group commit (#17): while one commitReservations call is in flight, the commits that arrive
   * wait and go together in the next one. An idle service sends each at once (no added latency);
   * at load, one GraphQL execution and one statement commit many orders. The loader holds no
   * cache: it only batches.
   */
  private readonly commits: DataLoader<string, ReservationResult>;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(readonly client: InternalClient) {
    this.commits = new DataLoader((orderIds) => this.commitMany(orderIds), {
      cache: false,
      maxBatchSize: MAX_COMMIT_BATCH,
      batchScheduleFn: (dispatch) => void this.inFlight.then(() => process.nextTick(dispatch)),
    });
  }

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

  /** Commit the order's reservation (batched with concurrent commits; see `commits`). */
  commit(orderId: string): Promise<ReservationResult> {
    return this.commits.load(orderId);
  }

  private commitMany(orderIds: readonly string[]): Promise<Array<ReservationResult | Error>> {
    const call = this.client
      .request<CommitManyMutation>(
        /* GraphQL */ `mutation CommitMany($orderIds: [ID!]!) { commitReservations(orderIds: $orderIds) { orderId outcome productId } }`,
        { orderIds: [...orderIds] } satisfies CommitManyMutationVariables,
        { idempotent: true },
      )
      .then((data) => {
        const byId = new Map(data.commitReservations.map((r) => [r.orderId, r]));
        // No reservation at all: refused, as the single commit's NOT_FOUND was.
        return orderIds.map((id) => byId.get(id) ?? new DependencyRejected('products', 'NOT_FOUND', `Reservation ${id} not found.`));
      });
    this.inFlight = call.catch(() => undefined);
    return call;
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
