import { groupWhileInFlight } from '../grouping.js';
import { DependencyRejected, DependencyUnavailable, type InternalClient } from './InternalClient.js';
// Generated from the products subgraph's schema and the operations below (`pnpm codegen`).
import type {
  CommitManyMutation,
  CommitManyMutationVariables,
  QuotesQuery,
  QuotesQueryVariables,
  ReleaseMutation,
  ReleaseMutationVariables,
  ReservationOutcome,
  ReserveManyMutation,
  ReserveManyMutationVariables,
  ReserveMutation,
  ReserveMutationVariables,
} from './generated/products.js';

export type { ReservationOutcome };
export type ProductQuote = QuotesQuery['productQuotes'][number];
export type ReservationResult = ReserveMutation['reserveStock'];

/** Most commits in one call (the subgraph's list arguments allow 1000). */
const MAX_COMMIT_BATCH = 500;
/**
 * Most reservations in one call: products runs them one statement after another in one
 * transaction, holding the group's inventory rows until it commits, so a group stays short.
 */
const MAX_RESERVE_BATCH = 100;
/** Most product ids in one productQuotes call (distinct ids; the subgraph's list arguments allow 1000). */
const MAX_QUOTE_BATCH = 500;
/** Codes InternalClient treats as passing (retried): an order that gets one alone is retried alone. */
const TRANSIENT_CODES = new Set(['SERVICE_UNAVAILABLE', 'CONFLICT', 'INTERNAL_SERVER_ERROR']);

type ReserveRequest = { orderId: string; items: Array<{ productId: string; quantity: number }> };

/** Internal operations of the products subgraph. All are idempotent per order id. */
export class ProductsClient {
  /**
   * Group commit (#17): while one commitReservations call is in flight, the commits that arrive
   * wait and go together in the next one. An idle service sends each at once (no added latency);
   * at load, one GraphQL execution and one statement commit many orders. The loaders hold no
   * cache: they only batch.
   */
  private readonly commits = groupWhileInFlight<string, ReservationResult>((orderIds) => this.commitMany(orderIds), MAX_COMMIT_BATCH);
  /**
   * Group reservation (#17, round 5), the same way: one reserveStocks call, one transaction and
   * so one commit in products for the reservations that arrived while the last group was in
   * flight. A hot product's row lock is then held for one WAL flush per group, not per order.
   */
  private readonly reservations = groupWhileInFlight<ReserveRequest, ReservationResult>((requests) => this.reserveMany(requests), MAX_RESERVE_BATCH);

  /**
   * Grouped quotes (#17, round 6), the same way: the orders being placed while one productQuotes
   * call is in flight get their prices from the next call, one per group, each product id asked
   * once. Nothing is cached between calls: every order's prices are read after it arrived, as
   * with a call of its own.
   */
  private readonly prices = groupWhileInFlight<string, ProductQuote | null>((ids) => this.quotesOf(ids), MAX_QUOTE_BATCH);

  constructor(readonly client: InternalClient) {}

  /** Current price and availability of these products; unknown ids are left out. */
  async quotes(ids: string[]): Promise<ProductQuote[]> {
    const results = await this.prices.loadMany(ids);
    // The call failed (after InternalClient's retries): every order of its group learns it.
    const failed = results.find((r): r is Error => r instanceof Error);
    if (failed) throw failed;
    return results.filter((q): q is ProductQuote => q !== null && !(q instanceof Error));
  }

  private async quotesOf(ids: readonly string[]): Promise<Array<ProductQuote | null>> {
    const data = await this.client.request<QuotesQuery>(
      /* GraphQL */ `query Quotes($ids: [ID!]!) { productQuotes(ids: $ids) { id active priceAmount currency } }`,
      // The loaders keep no cache, so they do not deduplicate keys: each id is asked once here.
      { ids: [...new Set(ids)] } satisfies QuotesQueryVariables,
      { idempotent: true },
    );
    const byId = new Map(data.productQuotes.map((q) => [q.id, q]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Hold the order's stock (batched with concurrent reservations; see `reservations`). */
  reserve(orderId: string, items: Array<{ productId: string; quantity: number }>): Promise<ReservationResult> {
    return this.reservations.load({ orderId, items });
  }

  private async reserveOne({ orderId, items }: ReserveRequest): Promise<ReservationResult> {
    const data = await this.client.request<ReserveMutation>(
      /* GraphQL */ `mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) { outcome productId } }`,
      { input: { orderId, items } } satisfies ReserveMutationVariables,
      { idempotent: true },
    );
    return data.reserveStock;
  }

  /**
   * The whole call failing (after InternalClient's retries) fails every order of the group, as a
   * single call's failure did. An order's own error is a refusal, or, when passing, one more
   * try of that order alone (with the usual retries).
   */
  private async reserveMany(requests: readonly ReserveRequest[]): Promise<Array<ReservationResult | Error>> {
    const data = await this.client.request<ReserveManyMutation>(
      /* GraphQL */ `mutation ReserveMany($inputs: [ReserveStockInput!]!) { reserveStocks(inputs: $inputs) { orderId outcome productId errorCode errorMessage } }`,
      { inputs: requests.map(({ orderId, items }) => ({ orderId, items })) } satisfies ReserveManyMutationVariables,
      { idempotent: true },
    );
    return Promise.all(
      requests.map(async (request, i) => {
        const r = data.reserveStocks[i];
        if (r?.orderId !== request.orderId) return new DependencyUnavailable('products', `reserveStocks answered no result for order ${request.orderId}`);
        if (r.outcome) return { outcome: r.outcome, productId: r.productId };
        if (r.errorCode && TRANSIENT_CODES.has(r.errorCode)) return this.reserveOne(request).catch((error: Error) => error);
        return new DependencyRejected('products', r.errorCode ?? undefined, r.errorMessage ?? `Reservation of order ${request.orderId} refused.`);
      }),
    );
  }

  /** Commit the order's reservation (batched with concurrent commits; see `commits`). */
  commit(orderId: string): Promise<ReservationResult> {
    return this.commits.load(orderId);
  }

  private commitMany(orderIds: readonly string[]): Promise<Array<ReservationResult | Error>> {
    return this.client
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
