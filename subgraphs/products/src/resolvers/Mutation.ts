import { requireAdmin, requireService } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';
import { createProduct, findProduct, setProductPrice, updateProduct } from '../services/catalogWrites.js';
import { InventoryService } from '../services/inventory.js';

// Catalog writes are ADMIN only: @requiresScopes(scopes: [["admin"]]) in the schema, enforced by
// @ordergraph/subgraph; requireAdmin keeps the resolvers safe on their own. Validation lives in the services.
export const Mutation: MutationResolvers = {
  createProduct: (_parent, { input }, { identity, prisma }) => {
    requireAdmin(identity);
    return createProduct(prisma, input);
  },
  updateProduct: (_parent, { id, input }, { prisma }) => updateProduct(prisma, id, input),
  restock: async (_parent, { productId, quantity }, { identity, prisma }) => {
    requireAdmin(identity);
    await new InventoryService(prisma).restock(productId, quantity);
    return findProduct(prisma, productId);
  },
  setProductPrice: (_parent, { productId, amount }, { identity, prisma }) => {
    requireAdmin(identity);
    return setProductPrice(prisma, productId, amount);
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
