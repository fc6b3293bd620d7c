import { appError, badInput, ErrorCode, notFound } from '@ordergraph/core';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';

export interface StockLine {
  productId: string;
  quantity: number;
}

export type ReservationOutcome = 'RESERVED' | 'COMMITTED' | 'RELEASED' | 'OUT_OF_STOCK';

export interface ReservationResult {
  orderId: string;
  outcome: ReservationOutcome;
  productId?: string | null;
}

class OutOfStock extends Error {
  constructor(readonly productId: string) {
    super(`out of stock: ${productId}`);
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';
// Lock inventory rows in one global order so concurrent reservations never deadlock.
const sorted = (lines: StockLine[]) => [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
const linesOf = (items: Prisma.JsonValue): StockLine[] => (Array.isArray(items) ? (items as unknown as StockLine[]) : []);

/**
 * Stock reservations for the order saga. Every operation is keyed by the order id and
 * idempotent, so the orders service can retry any call after a timeout without holding
 * stock twice. Stock moves only through conditional updates (`available >= quantity`),
 * never read-then-write, so concurrent orders cannot oversell.
 */
export class InventoryService {
  constructor(private readonly prisma: PrismaClient) {}

  async reserve(orderId: string, lines: StockLine[]): Promise<ReservationResult> {
    if (lines.length === 0) throw badInput('A reservation needs at least one line.');
    // A zero or negative quantity would move stock the wrong way: refuse it however the call came.
    lines.forEach(({ quantity }, i) => {
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000) {
        throw badInput(`items[${i}].quantity must be an integer from 1 to 1000000; received ${quantity}.`, { field: `items.${i}.quantity` });
      }
    });
    const items = sorted(lines);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const existing = await tx.reservation.findUnique({ where: { id: orderId } });
        if (existing) return { orderId, outcome: existing.status };
        // The row goes in first: a concurrent retry for the same order waits on its key.
        await tx.reservation.create({ data: { id: orderId, status: 'RESERVED', items: items as unknown as Prisma.InputJsonValue } });
        for (const { productId, quantity } of items) {
          const { count } = await tx.inventory.updateMany({
            where: { productId, available: { gte: quantity } },
            data: { available: { decrement: quantity }, reserved: { increment: quantity } },
          });
          if (count === 0) throw new OutOfStock(productId);
        }
        return { orderId, outcome: 'RESERVED' as const };
      });
    } catch (error) {
      // Nothing was kept: the transaction rolled back, so a later retry re-evaluates the stock.
      if (error instanceof OutOfStock) return { orderId, outcome: 'OUT_OF_STOCK', productId: error.productId };
      if (isUniqueViolation(error)) return this.current(orderId);
      throw error;
    }
  }

  /** The order was paid: held stock leaves (reserved goes down; available already did). */
  async commit(orderId: string): Promise<ReservationResult> {
    return this.prisma.$transaction(async (tx) => {
      const reservation = await tx.reservation.findUnique({ where: { id: orderId } });
      if (!reservation) throw notFound('Reservation', orderId);
      if (reservation.status !== 'RESERVED') return { orderId, outcome: reservation.status };
      const { count } = await tx.reservation.updateMany({ where: { id: orderId, status: 'RESERVED' }, data: { status: 'COMMITTED' } });
      if (count === 0) throw appError(ErrorCode.CONFLICT, `Reservation ${orderId} changed concurrently; retry.`);
      for (const { productId, quantity } of sorted(linesOf(reservation.items))) {
        await tx.inventory.updateMany({ where: { productId }, data: { reserved: { decrement: quantity } } });
      }
      return { orderId, outcome: 'COMMITTED' as const };
    });
  }

  /**
   * Give the order's stock back: held stock (RESERVED) or stock of a paid but unshipped order
   * (COMMITTED). With no reservation at all a RELEASED tombstone is written, so a reserve that
   * arrives late (a retry after a timeout) cannot hold stock for an order that already failed.
   */
  async release(orderId: string): Promise<ReservationResult> {
    for (;;) {
      try {
        return await this.prisma.$transaction(async (tx) => {
          const reservation = await tx.reservation.findUnique({ where: { id: orderId } });
          if (!reservation) {
            await tx.reservation.create({ data: { id: orderId, status: 'RELEASED', items: [] } });
            return { orderId, outcome: 'RELEASED' as const };
          }
          if (reservation.status === 'RELEASED') return { orderId, outcome: 'RELEASED' as const };
          const { count } = await tx.reservation.updateMany({
            where: { id: orderId, status: reservation.status },
            data: { status: 'RELEASED' },
          });
          if (count === 0) throw appError(ErrorCode.CONFLICT, `Reservation ${orderId} changed concurrently; retry.`);
          const held = reservation.status === 'RESERVED';
          for (const { productId, quantity } of sorted(linesOf(reservation.items))) {
            await tx.inventory.updateMany({
              where: { productId },
              data: held ? { available: { increment: quantity }, reserved: { decrement: quantity } } : { available: { increment: quantity } },
            });
          }
          return { orderId, outcome: 'RELEASED' as const };
        });
      } catch (error) {
        // A reserve for the same order committed first: release what it holds.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  private async current(orderId: string): Promise<ReservationResult> {
    const reservation = await this.prisma.reservation.findUnique({ where: { id: orderId } });
    if (!reservation) throw appError(ErrorCode.CONFLICT, `Reservation ${orderId} is being written concurrently; retry.`);
    return { orderId, outcome: reservation.status };
  }

  /** ADMIN: add stock. */
  async restock(productId: string, quantity: number): Promise<void> {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000) {
      throw badInput(`"quantity" must be an integer from 1 to 1000000; received ${quantity}.`, { argumentName: 'quantity' });
    }
    const product = await this.prisma.product.findUnique({ where: { id: productId }, select: { id: true } });
    if (!product) throw notFound('Product', productId);
    await this.prisma.inventory.upsert({
      where: { productId },
      create: { productId, available: quantity, reserved: 0 },
      update: { available: { increment: quantity } },
    });
  }
}
