import type { QueryResolvers } from '../generated/graphql.js';
import { listProducts } from '../services/catalog.js';

export const Query: QueryResolvers = {
  products: (_parent, args, { prisma }) => listProducts(prisma, args),
  product: async (_parent, { id }, { loaders }) => {
    const product = await loaders.productById.load(id);
    return product?.active ? product : null;
  },
};
