import { requireService } from '@ordergraph/core';
import type { QueryResolvers } from '../generated/graphql.js';
import { listProducts } from '../services/catalog.js';

export const Query: QueryResolvers = {
  products: (_parent, args, { prisma }) => listProducts(prisma, args),
  product: async (_parent, { id }, { loaders }) => {
    const product = await loaders.productById.load(id);
    return product?.active ? product : null;
  },
  productQuotes: async (_parent, { ids }, { caller, loaders }) => {
    requireService(caller, 'orders');
    const products = await loaders.productById.loadMany(ids);
    return products.flatMap((p) => (p && !(p instanceof Error) ? [p] : []));
  },
};
