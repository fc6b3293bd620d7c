import { badInput, notFound, requireAdmin, requireService } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';
import { updateProduct } from '../services/catalogWrites.js';
import { InventoryService } from '../services/inventory.js';

const MAX_PRICE = 100_000_000;

export const Mutation: MutationResolvers = {
  // ADMIN only: @requiresScopes(scopes: [["admin"]]) in the schema, enforced by @ordergraph/server.
  updateProduct: (_parent, { id, input }, { prisma }) => updateProduct(prisma, id, input),
  restock: async (_parent, { productId, quantity }, { identity, prisma }) => {
    requireAdmin(identity);
    await new InventoryService(prisma).restock(productId, quantity);
    return (await prisma.product.findUnique({ where: { id: productId } }))!;
  },
  setProductPrice: async (_parent, { productId, amount }, { identity, prisma }) => {
    requireAdmin(identity);
    if (!Number.isInteger(amount) || amount < 0 || amount > MAX_PRICE) {
      throw badInput(`"amount" must be an integer from 0 to ${MAX_PRICE} (minor units); received ${amount}.`, { argumentName: 'amount' });
    }
    const { count } = await prisma.product.updateMany({ where: { id: productId }, data: { priceAmount: amount } });
    if (count === 0) throw notFound('Product', productId);
    return (await prisma.product.findUnique({ where: { id: productId } }))!;
  },
  reserveStock: (_parent, { input }, { caller, prisma }) => {
    requireService(caller, 'orders');
    return new InventoryService(prisma).reserve(input.orderId, input.items);
  },
  commitReservation: (_parent, { orderId }, { caller, prisma }) => {
    requireService(caller, 'orders');
    return new InventoryService(prisma).commit(orderId);
  },
  releaseReservation: (_parent, { orderId }, { caller, prisma }) => {
    requireService(caller, 'orders');
    return new InventoryService(prisma).release(orderId);
  },
};
