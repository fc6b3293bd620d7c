import { requireAdmin, requireService } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';

// Catalog writes are ADMIN only: @requiresScopes(scopes: [["admin"]]) in the schema, enforced by
// @ordergraph/subgraph; requireAdmin keeps the resolvers safe on their own. Validation lives in the services.
export const Mutation: MutationResolvers = {
  createProduct: (_parent, { input }, { identity, catalog }) => {
    requireAdmin(identity);
    return catalog.create(input);
  },
  updateProduct: (_parent, { id, input }, { catalog }) => catalog.update(id, input),
  restock: async (_parent, { productId, quantity }, { identity, catalog, inventory }) => {
    requireAdmin(identity);
    await inventory.restock(productId, quantity);
    return catalog.find(productId);
  },
  setProductPrice: (_parent, { productId, amount }, { identity, catalog }) => {
    requireAdmin(identity);
    return catalog.setPrice(productId, amount);
  },
  reserveStock: (_parent, { input }, { caller, inventory }) => {
    requireService(caller, 'orders');
    return inventory.reserve(input.orderId, input.items);
  },
  reserveStocks: async (_parent, { inputs }, { caller, inventory }) => {
    requireService(caller, 'orders');
    const results = await inventory.reserveMany(inputs.map(({ orderId, items }) => ({ orderId, lines: items })));
    return results.map((r, i) =>
      'outcome' in r
        ? { productId: null, errorCode: null, errorMessage: null, ...r }
        : { orderId: inputs[i]!.orderId, outcome: null, productId: null, errorCode: String(r.extensions.code), errorMessage: r.message },
    );
  },
  commitReservation: (_parent, { orderId }, { caller, inventory }) => {
    requireService(caller, 'orders');
    return inventory.commit(orderId);
  },
  commitReservations: (_parent, { orderIds }, { caller, inventory }) => {
    requireService(caller, 'orders');
    return inventory.commitMany(orderIds);
  },
  releaseReservation: (_parent, { orderId }, { caller, inventory }) => {
    requireService(caller, 'orders');
    return inventory.release(orderId);
  },
};
