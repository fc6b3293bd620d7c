import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import type { PrismaClient } from './generated/prisma/client.js';
import { hashPassword } from './services/auth.js';

/** Create the demo admin and customers unless any account exists. @returns rows inserted. */
export async function seedAccounts(prisma: PrismaClient): Promise<number> {
  if ((await prisma.customer.count()) > 0) return 0;
  const data = await Promise.all(
    DEMO_CUSTOMERS.map(async ({ password, ...customer }) => ({ ...customer, passwordHash: await hashPassword(password) })),
  );
  await prisma.customer.createMany({ data });
  return data.length;
}
