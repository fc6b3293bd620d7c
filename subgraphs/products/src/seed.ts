import { DEMO_PRODUCTS } from '@ordergraph/demo-data';
import type { PrismaClient } from './generated/prisma/client.js';

/** Load the demo catalog unless products already exist. @returns rows inserted. */
export async function seedProducts(prisma: PrismaClient): Promise<number> {
  if ((await prisma.product.count()) > 0) return 0;
  await prisma.$transaction([
    prisma.product.createMany({
      data: DEMO_PRODUCTS.map(({ stock: _stock, ...product }) => product),
    }),
    prisma.inventory.createMany({
      data: DEMO_PRODUCTS.map((p) => ({ productId: p.id, available: p.stock, reserved: 0 })),
    }),
  ]);
  return DEMO_PRODUCTS.length;
}
