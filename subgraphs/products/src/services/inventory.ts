import { appError, badInput, ErrorCode, notFound } from '@ordergraph/core';
import type { SqlClient, SqlReads } from '@ordergraph/db';
import type { GraphQLError } from 'graphql';
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

/** One order of a grouped reservation (`reserveMany`). */
export interface ReservationRequest {
  orderId: string;
  lines: StockLine[];
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';
// Lock inventory rows in one global order so concurrent reservations never deadlock.
const sorted = (lines: StockLine[]) => [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
/** One line per product (quantities summed): a statement updates each inventory row once. */
function merged(lines: StockLine[]): StockLine[] {
  const byProduct = new Map<string, number>();
  for (const { productId, quantity } of lines) byProduct.set(productId, (byProduct.get(productId) ?? 0) + quantity);
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}
/** The order's lines checked (a zero or negative quantity would move stock the wrong way), merged and in lock order. */
function validLines(lines: StockLine[]): StockLine[] {
  if (lines.length === 0) throw badInput('A reservation needs at least one line.');
  lines.forEach(({ quantity }, i) => {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000) {
      throw badInput(`items[${i}].quantity must be an integer from 1 to 1000000; received ${quantity}.`, { field: `items.${i}.quantity` });
    }
  });
  return sorted(merged(lines));
}
/** An order's own answer (CONFLICT, BAD_USER_INPUT) stays with it; anything else fails the call. */
function ownError(error: unknown): GraphQLError {
  if ((error as GraphQLError).extensions?.code) return error as GraphQLError;
  throw error;
}
const linesOf = (items: Prisma.JsonValue): StockLine[] => (Array.isArray(items) ? (items as unknown as StockLine[]) : []);

/**
 * $1 productIds, $2 quantities (merged, in productId order), $3 order id, $4 items (JSON), $5 now
 * (ISO text, written as `timestamp(3)` like Prisma writes it), $6 number of lines.
 */
const RESERVE = {
  name: 'products.reserve',
  text: `
      WITH lines AS (
        SELECT * FROM unnest($1::text[], $2::int[]) AS l("productId", quantity)
      ),
      existing AS (SELECT status FROM "Reservation" WHERE id = $3::text),
      locked AS (
        SELECT i."productId", i.available FROM "Inventory" i JOIN lines USING ("productId")
        WHERE NOT EXISTS (SELECT 1 FROM existing) ORDER BY i."productId" FOR UPDATE OF i
      ),
      short AS (
        SELECT l."productId" FROM lines l LEFT JOIN locked k USING ("productId")
        WHERE NOT EXISTS (SELECT 1 FROM existing) AND (k.available IS NULL OR k.available < l.quantity)
        ORDER BY l."productId" LIMIT 1
      ),
      inserted AS (
        INSERT INTO "Reservation" (id, status, items, "createdAt", "updatedAt")
        SELECT $3::text, 'RESERVED', $4::text::jsonb, $5::text::timestamp(3), $5::text::timestamp(3)
        WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM short) AND (SELECT count(*) FROM locked) = $6::int
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ),
      moved AS (
        UPDATE "Inventory" i SET available = i.available - l.quantity, reserved = i.reserved + l.quantity, "updatedAt" = $5::text::timestamp(3)
        FROM lines l, inserted WHERE i."productId" = l."productId"
        RETURNING 1
      )
      SELECT (SELECT status::text FROM existing) AS existing, (SELECT "productId" FROM short) AS short,
             (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM moved)::int AS moved`,
};

/**
 * $1 productIds: lock every inventory row a group of reservations touches, in productId order,
 * before any of them runs. The orders of a group each lock their own rows in order, but one after
 * another (order 1's product 5, then order 2's product 3): two groups doing that in opposite order
 * would deadlock. Taken up front, the rest of the group waits on no inventory row.
 * Also reads the locked rows at their latest version and, $2, the reservations the group's orders
 * already have: with the rows locked, the stock they show is the stock until the commit.
 */
const LOCK_FOR_GROUP = {
  name: 'products.lockForGroup',
  text: `
    WITH locked AS MATERIALIZED (
      SELECT "productId", available FROM "Inventory" WHERE "productId" = ANY($1::text[]) ORDER BY "productId" FOR UPDATE
    )
    SELECT 'inventory' AS kind, "productId" AS id, available, NULL::text AS status FROM locked
    UNION ALL SELECT 'reservation', id, NULL, status::text FROM "Reservation" WHERE id = ANY($2::text[])`,
};

/**
 * The group's reservations decided (see `reserveMany`), written in ONE statement: $1 order ids,
 * $2 their items (JSON), $3 productIds and $4 the quantities they take in all, $5 now. Stock moves
 * only if every reservation was inserted (none was written meanwhile by a concurrent call).
 */
const RESERVE_ALL = {
  name: 'products.reserveAll',
  text: `
    WITH inserted AS (
      INSERT INTO "Reservation" (id, status, items, "createdAt", "updatedAt")
      SELECT r.id, 'RESERVED', r.items::jsonb, $5::text::timestamp(3), $5::text::timestamp(3)
      FROM unnest($1::text[], $2::text[]) AS r(id, items)
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    ),
    moved AS (
      UPDATE "Inventory" i SET available = i.available - l.quantity, reserved = i.reserved + l.quantity, "updatedAt" = $5::text::timestamp(3)
      FROM unnest($3::text[], $4::int[]) AS l("productId", quantity)
      WHERE i."productId" = l."productId" AND (SELECT count(*) FROM inserted) = cardinality($1::text[])
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::int AS inserted`,
};

/** A concurrent call wrote a reservation of the group meanwhile: the group is decided again, order by order. */
class ReservedMeanwhile extends Error {}

type ReserveRow = { existing: ReservationOutcome | null; short: string | null; inserted: number };

/** $1 order ids, $2 now (ISO text). */
const COMMIT_MANY = {
  name: 'products.commitMany',
  text: `
      WITH committed AS (
        UPDATE "Reservation" SET status = 'COMMITTED', "updatedAt" = $2::text::timestamp(3) WHERE id = ANY($1::text[]) AND status = 'RESERVED' RETURNING id, items
      ),
      lines AS (
        SELECT x."productId", sum(x.quantity)::int AS quantity FROM committed, jsonb_to_recordset(committed.items) AS x("productId" text, quantity int)
        GROUP BY x."productId"
      ),
      locked AS (SELECT i."productId" FROM "Inventory" i JOIN lines USING ("productId") ORDER BY i."productId" FOR UPDATE OF i),
      moved AS (
        UPDATE "Inventory" i SET reserved = i.reserved - l.quantity, "updatedAt" = $2::text::timestamp(3)
        FROM lines l WHERE i."productId" = l."productId" AND EXISTS (SELECT 1 FROM locked)
        RETURNING 1
      )
      SELECT id, 'COMMITTED' AS outcome FROM committed
      -- Already committed or released (a retry), as the statement found them.
      UNION ALL SELECT id, status::text FROM "Reservation" WHERE id = ANY($1::text[]) AND id NOT IN (SELECT id FROM committed)`,
};

/**
 * Stock reservations for the order saga. Every operation is keyed by the order id and
 * idempotent, so the orders service can retry any call after a timeout without holding
 * stock twice. Stock moves only through conditional updates (`available >= quantity`),
 * never read-then-write, so concurrent orders cannot oversell.
 */
export class InventoryService {
  constructor(
    private readonly prisma: PrismaClient,
    /**
     * The saga's hot writes (reserve, commit): prepared statements outside Prisma (#17, round 3);
     * grouped reservations run in one of its transactions (round 5).
     */
    private readonly sql: SqlClient & Pick<SqlReads, 'transaction'>,
  ) {}

  /**
   * Hold stock for the order, all lines or none, in ONE statement: the inventory rows are locked
   * in productId order (so concurrent reservations never deadlock) and re-read at their latest
   * version, the reservation row is written only if every line has stock, and only then is stock
   * moved. A repeat of the call (same order id) changes nothing and answers the reservation's status.
   */
  async reserve(orderId: string, lines: StockLine[]): Promise<ReservationResult> {
    const items = validLines(lines);
    const row = await this.reserveRow(this.sql, orderId, items, new Date().toISOString());
    return this.outcome(orderId, row);
  }

  /**
   * `reserve` for several orders in ONE transaction, so one commit (one WAL flush under the hot
   * product's row lock) serves the group (#17, round 5: the orders service groups the reservations
   * that arrive while one group is in flight), in two statements (`reserveGroup`). Each order gets
   * exactly the answer `reserve` would give it, run one after another in request order (a repeat
   * of an order id in the group answers the status the first one left); an order with invalid
   * lines gets its error alone. If the
   * transaction fails (a lost connection), the whole call throws and nothing of it stays: the
   * caller retries the group, which is idempotent per order like `reserve`.
   * @returns one entry per request, in request order: its result or its error.
   */
  async reserveMany(requests: ReservationRequest[]): Promise<Array<ReservationResult | GraphQLError>> {
    const prepared = requests.map(({ orderId, lines }) => {
      try {
        return { orderId, items: validLines(lines) };
      } catch (error) {
        return { orderId, error: ownError(error) };
      }
    });
    const valid = prepared.filter((p): p is { orderId: string; items: StockLine[] } => 'items' in p);
    const now = new Date().toISOString();
    let rows: Array<ReserveRow | undefined>;
    if (valid.length <= 1) {
      // Alone: the single statement commits by itself, as `reserve` does (no transaction to open).
      rows = await Promise.all(valid.map((p) => this.reserveRow(this.sql, p.orderId, p.items, now)));
    } else {
      try {
        rows = await this.reserveGroup(valid, now);
      } catch (error) {
        if (!(error instanceof ReservedMeanwhile)) throw error;
        rows = await this.reserveOneByOne(valid, now);
      }
    }
    // Answered after the commit: `current` reads outside the transaction (PGlite has one connection).
    const answers = valid.map((p, i) => this.outcome(p.orderId, rows[i]).catch(ownError));
    let next = 0;
    return Promise.all(prepared.map((p) => ('items' in p ? answers[next++]! : p.error)));
  }

  /**
   * The group in two statements and one transaction (#17, round 7): its inventory rows locked and
   * read with the reservations its orders already have, then each order decided in request order
   * exactly as `RESERVE` would decide it one after another (an existing reservation answers its
   * status; else the first line, in productId order, without its quantity in stock makes it
   * OUT_OF_STOCK and takes nothing; else it is reserved and its quantities taken), then every
   * reservation and the summed stock moves written at once. The rows stay locked throughout, so
   * the stock read is the stock written against. If a reservation of the group appeared meanwhile
   * (a concurrent call for the same order), nothing is written and ReservedMeanwhile is thrown.
   */
  private async reserveGroup(valid: Array<{ orderId: string; items: StockLine[] }>, now: string): Promise<ReserveRow[]> {
    const productIds = [...new Set(valid.flatMap((p) => p.items.map((l) => l.productId)))].sort();
    return this.sql.transaction(async (tx) => {
      const state = await tx.query<{ kind: 'inventory' | 'reservation'; id: string; available: number | null; status: ReservationOutcome | null }>(LOCK_FOR_GROUP, [
        productIds,
        valid.map((p) => p.orderId),
      ]);
      const available = new Map<string, number>();
      const status = new Map<string, ReservationOutcome>();
      for (const row of state) {
        if (row.kind === 'inventory') available.set(row.id, Number(row.available));
        else status.set(row.id, row.status!);
      }
      const rows: ReserveRow[] = [];
      const reserved: Array<{ orderId: string; items: StockLine[] }> = [];
      const taken = new Map<string, number>();
      for (const { orderId, items } of valid) {
        const existing = status.get(orderId);
        if (existing) {
          rows.push({ existing, short: null, inserted: 0 });
          continue;
        }
        const short = items.find((l) => (available.get(l.productId) ?? -1) < l.quantity);
        if (short) {
          rows.push({ existing: null, short: short.productId, inserted: 0 });
          continue;
        }
        for (const { productId, quantity } of items) {
          available.set(productId, available.get(productId)! - quantity);
          taken.set(productId, (taken.get(productId) ?? 0) + quantity);
        }
        status.set(orderId, 'RESERVED');
        reserved.push({ orderId, items });
        rows.push({ existing: null, short: null, inserted: 1 });
      }
      if (reserved.length > 0) {
        const [written] = await tx.query<{ inserted: number }>(RESERVE_ALL, [
          reserved.map((r) => r.orderId),
          reserved.map((r) => JSON.stringify(r.items)),
          [...taken.keys()],
          [...taken.values()],
          now,
        ]);
        if (written?.inserted !== reserved.length) throw new ReservedMeanwhile();
      }
      return rows;
    });
  }

  /** The group's orders one after another in one transaction, each with `RESERVE` (the inventory rows locked first). */
  private reserveOneByOne(valid: Array<{ orderId: string; items: StockLine[] }>, now: string): Promise<Array<ReserveRow | undefined>> {
    const productIds = [...new Set(valid.flatMap((p) => p.items.map((l) => l.productId)))].sort();
    return this.sql.transaction(async (tx) => {
      await tx.query(LOCK_FOR_GROUP, [productIds, []]);
      const out: Array<ReserveRow | undefined> = [];
      // One after another on the transaction's one connection (its statements cannot overlap).
      for (const p of valid) out.push(await this.reserveRow(tx, p.orderId, p.items, now));
      return out;
    });
  }

  private async reserveRow(sql: SqlClient, orderId: string, items: StockLine[], now: string): Promise<ReserveRow | undefined> {
    const [row] = await sql.query<ReserveRow>(RESERVE, [
      items.map((l) => l.productId),
      items.map((l) => l.quantity),
      orderId,
      JSON.stringify(items),
      now,
      items.length,
    ]);
    return row;
  }

  private async outcome(orderId: string, row: ReserveRow | undefined): Promise<ReservationResult> {
    if (row?.existing) return { orderId, outcome: row.existing };
    if (row?.short) return { orderId, outcome: 'OUT_OF_STOCK', productId: row.short };
    if (row?.inserted === 1) return { orderId, outcome: 'RESERVED' };
    // A concurrent call for the same order wrote the reservation first.
    return this.current(orderId);
  }

  /** The order was paid: held stock leaves (reserved goes down; available already did). */
  async commit(orderId: string): Promise<ReservationResult> {
    const [result] = await this.commitMany([orderId]);
    if (!result) throw notFound('Reservation', orderId);
    return result;
  }

  /**
   * Commit the reservations of several paid orders in ONE statement (the orders service groups
   * the commits that arrive while one is in flight: #17). Each inventory row is updated once with
   * the summed quantities, rows locked in productId order like every other stock write.
   * @returns one result per order that has a reservation (already committed or released ones
   * answer their status); orders without one are left out.
   */
  async commitMany(orderIds: string[]): Promise<ReservationResult[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.sql.query<{ id: string; outcome: ReservationOutcome }>(COMMIT_MANY, [orderIds, new Date().toISOString()]);
    // RESERVED here: a concurrent call moved it while this statement waited (its snapshot is older); read it again.
    const moving = rows.filter((r) => r.outcome === 'RESERVED').map((r) => r.id);
    const reread = moving.length ? await this.prisma.reservation.findMany({ where: { id: { in: moving } }, select: { id: true, status: true } }) : [];
    const latest = new Map(reread.map((r) => [r.id, r.status]));
    return rows.map((r) => ({ orderId: r.id, outcome: latest.get(r.id) ?? r.outcome }));
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
