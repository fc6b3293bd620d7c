import { setTimeout as sleep } from 'node:timers/promises';
import { appError, ErrorCode, notFound, orderTotal, toApiAmount, type Identity } from '@ordergraph/core';
import type { OrderStatus, PrismaClient } from '../generated/prisma/client.js';
import type { OrderModel } from '../mappers.js';
import { DependencyRejected, DependencyUnavailable } from '../clients/InternalClient.js';
import type { PaymentsClient } from '../clients/PaymentsClient.js';
import type { ProductsClient } from '../clients/ProductsClient.js';
import type { SqlClient } from '@ordergraph/db';
import { IN_FLIGHT, OrderInserts, orderById, orderByKey, transition, TransitionGroups } from './transitions.js';
import { validateCreateOrder, type CreateOrderInput, type ValidOrderRequest } from './validation.js';

export interface OrderSagaOptions {
  /** How long whoever drives an order owns it before recovery may take over. */
  leaseMs: number;
  /** How long a retried createOrder waits for the first attempt to finish. @default 10000 */
  replayWaitMs?: number;
  /**
   * Called after every committed status change (the outbox relay publishes promptly; metrics
   * count saga outcomes). `change` describes the transition when the saga made it.
   */
  onChange?: (change?: OrderChange) => void;
}

/** One committed status transition made by the saga (each fires exactly once). */
export interface OrderChange {
  order: OrderModel;
  from: OrderStatus;
  to: OrderStatus;
  reason: string | null;
}

/** Customer-readable failure reasons (also the `failureReason` values). */
export const FailureReason = {
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  PAYMENT_FAILED: 'PAYMENT_FAILED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  RESERVATION_LOST: 'RESERVATION_LOST',
} as const;

/** The order after the step, or null when it is blocked on a dependency (try again later). */
type Step = () => Promise<OrderModel | null>;
type Lines = Array<{ productId: string; quantity: number }>;
const MAX_STEPS = 10;
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * The order placement saga: reserve stock (products) → charge (payments) → confirm, with
 * compensation on failure. Its state is the order row itself, so any process can resume
 * it: each step calls an idempotent internal operation keyed by the order id, then moves the
 * status with one conditional statement that returns the row as moved; the saga carries that
 * row to the next step instead of reading it again, and reloads only when a conditional write
 * finds the order moved by someone else. `drive` returns when the order is final or a
 * dependency is down; the recovery worker picks it up once the lease expires.
 */
export class OrderSaga {
  constructor(
    private readonly prisma: PrismaClient,
    /** The hot statements (insert, transitions, reads by id/key): prepared, outside Prisma. */
    private readonly sql: SqlClient,
    private readonly products: ProductsClient,
    private readonly payments: PaymentsClient,
    private readonly options: OrderSagaOptions,
  ) {
    this.transitions = new TransitionGroups(sql);
    this.inserts = new OrderInserts(sql);
  }

  /** New orders, inserted as one statement while one is in flight (#17, round 7). */
  private readonly inserts: OrderInserts;

  /** The saga's own transitions, grouped into one statement while one is in flight (#17). */
  private readonly transitions: TransitionGroups;

  async place(identity: Identity, input: CreateOrderInput): Promise<OrderModel> {
    const request = validateCreateOrder(input);
    const customerId = identity.customerId;
    if (request.idempotencyKey) {
      const existing = await this.byKey(customerId, request.idempotencyKey);
      if (existing) return this.replay(existing, request);
    }
    const priced = await this.price(request);
    const order = await this.inserts.insert({
      customerId,
      totalAmount: priced.total,
      currency: priced.currency,
      paymentMethod: request.paymentMethod,
      idempotencyKey: request.idempotencyKey ?? null,
      requestHash: request.fingerprint ?? null,
      leaseUntil: this.leaseEnd(),
      lines: priced.lines,
    });
    if (!order) {
      // The same key was used concurrently: the first attempt's order is the answer.
      const existing = await this.byKey(customerId, request.idempotencyKey!);
      if (existing) return this.replay(existing, request);
      throw appError(ErrorCode.CONFLICT, 'This order is being placed concurrently; try again.');
    }
    this.options.onChange?.();
    return this.run(order, priced.lines);
  }

  /** Accept a cancellation of a CONFIRMED order (stock back, payment refunded). */
  async cancel(order: OrderModel): Promise<OrderModel> {
    if (order.status === 'CANCELLED') return order;
    if (IN_FLIGHT.includes(order.status)) {
      throw appError(ErrorCode.ORDER_IN_PROGRESS, 'The order is still being placed; try again in a moment.');
    }
    if (order.status !== 'CONFIRMED') {
      throw appError(ErrorCode.ILLEGAL_TRANSITION, `A ${order.status} order cannot be cancelled.`, { details: { from: order.status, to: 'CANCELLED' } });
    }
    await this.prisma.order.updateMany({
      where: { id: order.id, status: 'CONFIRMED', cancelRequestedAt: null },
      data: { cancelRequestedAt: new Date(), leaseUntil: this.leaseEnd() },
    });
    return this.drive(order.id);
  }

  /** ADMIN fulfilment: CONFIRMED → SHIPPED → DELIVERED (refused while a cancellation runs). */
  async fulfil(order: OrderModel, to: 'SHIPPED' | 'DELIVERED'): Promise<OrderModel> {
    const moved = await transition(this.sql, order, order.status, to, { unlessCancelRequested: true });
    if (!moved) throw appError(ErrorCode.ILLEGAL_TRANSITION, `The order changed meanwhile (or is being cancelled); it cannot become ${to}.`);
    this.options.onChange?.();
    return moved;
  }

  /** Run steps until the order is final or blocked on a dependency. */
  async drive(orderId: string): Promise<OrderModel> {
    return this.run(await this.load(orderId));
  }

  /** Run steps from `order` as it is in the database; `lines` are its items when known. */
  private async run(order: OrderModel, lines?: Lines): Promise<OrderModel> {
    let current = order;
    for (let i = 0; i < MAX_STEPS; i++) {
      const step = this.nextStep(current, lines);
      if (!step) return current;
      const next = await step();
      // Blocked: whoever resumes it (recovery) starts from the row; answer with it as it is now.
      if (!next) return this.load(order.id);
      current = next;
    }
    return this.load(order.id);
  }

  /** Take over an order whose lease expired (another process died or gave up) and drive it. */
  async recover(orderId: string): Promise<OrderModel | null> {
    const now = new Date();
    const { count } = await this.prisma.order.updateMany({
      where: { id: orderId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseUntil: this.leaseEnd(), sagaAttempts: { increment: 1 } },
    });
    return count === 1 ? this.drive(orderId) : null;
  }

  /** Orders nobody is driving: in flight, or with an unfinished cancellation, and lease expired. */
  async abandoned(limit: number): Promise<string[]> {
    const now = new Date();
    const rows = await this.prisma.order.findMany({
      where: {
        AND: [
          { OR: [{ status: { in: IN_FLIGHT } }, { status: 'CONFIRMED', cancelRequestedAt: { not: null } }] },
          { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        ],
      },
      select: { id: true },
      orderBy: { updatedAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  private nextStep(order: OrderModel, lines?: Lines): Step | null {
    if (order.status === 'CONFIRMED' && order.cancelRequestedAt) return () => this.finishCancel(order);
    if (IN_FLIGHT.includes(order.status) && order.failureReason) return () => this.compensate(order);
    switch (order.status) {
      case 'PENDING':
        return () => this.reserve(order, lines);
      case 'RESERVED':
        return () => this.charge(order);
      case 'PAID':
        return () => this.confirm(order);
      default:
        return null;
    }
  }

  private async reserve(order: OrderModel, lines?: Lines): Promise<OrderModel | null> {
    const items = lines ?? (await this.prisma.orderItem.findMany({ where: { orderId: order.id }, orderBy: { position: 'asc' } }));
    const result = await this.call(() => this.products.reserve(order.id, items.map(({ productId, quantity }) => ({ productId, quantity }))));
    if (!result) return this.fail(order, FailureReason.SERVICE_UNAVAILABLE);
    switch (result.outcome) {
      case 'RESERVED':
      case 'COMMITTED':
        return this.move(order, 'RESERVED');
      case 'OUT_OF_STOCK':
        return this.fail(order, FailureReason.OUT_OF_STOCK);
      case 'RELEASED':
        return this.fail(order, FailureReason.RESERVATION_LOST);
    }
  }

  private async charge(order: OrderModel): Promise<OrderModel | null> {
    const result = await this.call(() => this.payments.charge({ ...this.paymentRef(order), paymentMethod: order.paymentMethod ?? '' }));
    if (!result) return this.fail(order, FailureReason.SERVICE_UNAVAILABLE);
    switch (result.status) {
      case 'CAPTURED':
        return this.move(order, 'PAID');
      case 'DECLINED':
        return this.fail(order, FailureReason.PAYMENT_DECLINED);
      case 'PENDING':
      case 'AUTHORIZED':
        // Not final (3-D Secure, processing, capture pending): never success. The order stays
        // RESERVED; the provider's webhook settles the payment and recovery finishes the order.
        return null;
      default:
        return this.fail(order, FailureReason.PAYMENT_FAILED);
    }
  }

  private async confirm(order: OrderModel): Promise<OrderModel | null> {
    // Paid orders are never failed for a passing outage: the commit is retried until it lands.
    const result = await this.call(() => this.products.commit(order.id));
    if (!result) return null;
    if (result.outcome === 'COMMITTED') return this.move(order, 'CONFIRMED');
    return this.fail(order, FailureReason.RESERVATION_LOST);
  }

  /** Undo every step that may have happened; only when all succeeded is the order FAILED. */
  private async compensate(order: OrderModel): Promise<OrderModel | null> {
    const undo = await Promise.all([
      this.call(() => this.products.release(order.id)).then((r) => r?.outcome === 'RELEASED'),
      order.status === 'PENDING'
        ? Promise.resolve(true)
        : this.call(() => this.payments.void(this.paymentRef(order))).then((r) => !!r && !['PENDING', 'AUTHORIZED', 'CAPTURED'].includes(r.status)),
    ]);
    if (!undo.every(Boolean)) return null;
    return this.move(order, 'FAILED', order.failureReason);
  }

  private async finishCancel(order: OrderModel): Promise<OrderModel | null> {
    const undo = await Promise.all([
      this.call(() => this.products.release(order.id)).then((r) => r?.outcome === 'RELEASED'),
      this.call(() => this.payments.void(this.paymentRef(order))).then((r) => r?.status === 'REFUNDED' || r?.status === 'VOIDED'),
    ]);
    if (!undo.every(Boolean)) return null;
    return this.move(order, 'CANCELLED', 'CANCELLED');
  }

  /** Decide to fail: record the reason; compensation runs as the next step. */
  private async fail(order: OrderModel, reason: string): Promise<OrderModel> {
    const leaseUntil = this.leaseEnd();
    const { count } = await this.prisma.order.updateMany({
      where: { id: order.id, status: order.status, failureReason: null },
      data: { failureReason: reason, leaseUntil },
    });
    // Not updated: another process moved the order or decided first; go on from the row.
    return count === 1 ? { ...order, failureReason: reason, leaseUntil } : this.load(order.id);
  }

  private async move(order: OrderModel, to: OrderStatus, reason: string | null = null): Promise<OrderModel> {
    const moved = await this.transitions.move(order, order.status, to, { reason, leaseUntil: this.leaseEnd() });
    // null: another process moved the order first; go on from the row as it is now.
    if (!moved) return this.load(order.id);
    this.options.onChange?.({ order, from: order.status, to, reason });
    return moved;
  }

  /** Run an internal call; `null` when the dependency is unavailable or refused (logged, never thrown). */
  private async call<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof DependencyUnavailable || error instanceof DependencyRejected) return null;
      throw error;
    }
  }

  private async price(request: ValidOrderRequest) {
    const ids = request.items.map((i) => i.productId);
    let quotes;
    try {
      quotes = await this.products.quotes(ids);
    } catch (error) {
      if (error instanceof DependencyUnavailable || error instanceof DependencyRejected) {
        throw appError(ErrorCode.SERVICE_UNAVAILABLE, 'The catalog is unavailable right now; no order was placed. Try again shortly.');
      }
      throw error;
    }
    const byId = new Map(quotes.map((q) => [q.id, q]));
    const lines = request.items.map(({ productId, quantity }) => {
      const quote = byId.get(productId);
      if (!quote || !quote.active) {
        throw appError(ErrorCode.PRODUCT_UNAVAILABLE, `Product ${productId} does not exist or is no longer sold.`, { details: { productId } });
      }
      return { productId, quantity, unitPriceAmount: quote.priceAmount, currency: quote.currency };
    });
    const currency = lines[0]!.currency;
    if (lines.some((l) => l.currency !== currency)) {
      const currencies = [...new Set(lines.map((l) => l.currency))];
      throw appError(ErrorCode.CURRENCY_MISMATCH, `All products of one order must be priced in one currency; these are in ${currencies.join(', ')}. Place one order per currency.`, {
        details: { currencies },
      });
    }
    return { lines, currency, total: orderTotal(lines) };
  }

  private async replay(existing: OrderModel, request: ValidOrderRequest): Promise<OrderModel> {
    if (existing.requestHash !== request.fingerprint) {
      throw appError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotencyKey was already used for a different order; use a new key.');
    }
    // Give the first attempt time to finish so every retry sees the same outcome.
    const deadline = Date.now() + (this.options.replayWaitMs ?? 10_000);
    let order = existing;
    while (IN_FLIGHT.includes(order.status) && Date.now() < deadline) {
      await sleep(25);
      order = await this.load(existing.id);
    }
    return order;
  }

  private byKey(customerId: string, idempotencyKey: string) {
    return orderByKey(this.sql, customerId, idempotencyKey);
  }

  private paymentRef(order: OrderModel) {
    return { orderId: order.id, customerId: order.customerId, amount: toApiAmount(order.totalAmount), currency: order.currency };
  }

  private leaseEnd(): Date {
    return new Date(Date.now() + this.options.leaseMs);
  }

  private async load(orderId: string): Promise<OrderModel> {
    const order = await orderById(this.sql, orderId);
    if (!order) throw notFound('Order', orderId);
    return order;
  }
}
