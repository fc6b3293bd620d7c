import type { PrismaClient } from '../generated/prisma/client.js';
import { IN_FLIGHT } from './transitions.js';

/**
 * Take up to `limit` orders nobody is driving (in flight, or with an unfinished cancellation,
 * and lease expired) and lease them to the caller, in one statement. `FOR UPDATE SKIP LOCKED`
 * makes concurrent claimers (other replicas, or this one's next pass) take disjoint rows,
 * and a row another claimer has just leased fails the re-checked lease condition, so no two
 * replicas ever drive the same order at once. Oldest first, so nothing starves.
 */
export async function claimAbandonedOrders(prisma: PrismaClient, limit: number, leaseMs: number): Promise<string[]> {
  const now = new Date();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await prisma.$queryRaw<Array<{ id: string }>>`
    UPDATE "Order" SET "leaseUntil" = ${leaseUntil}::timestamp(3), "sagaAttempts" = "sagaAttempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "Order"
      WHERE ("status"::text = ANY(${IN_FLIGHT as string[]}) OR ("status" = 'CONFIRMED' AND "cancelRequestedAt" IS NOT NULL))
        AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now}::timestamp(3))
      ORDER BY "updatedAt" ASC
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id"`;
  return rows.map((r) => r.id);
}
