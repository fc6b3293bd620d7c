import { requireService } from '@ordergraph/core';
import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  products: (_parent, args, { catalog, loaders }) => catalog.list(args, loaders.remember),
  product: async (_parent, { id }, { loaders }) => {
    const product = await loaders.productById.load(id);
    return product?.active ? product : null;
  },
  productQuotes: async (_parent, { ids }, { caller, loaders }) => {
    requireService(caller, 'orders');
    const products = await loaders.productById.loadMany(ids);
    // A failed load (database down) is not "no such product": orders would refuse the order
    // as PRODUCT_UNAVAILABLE instead of SERVICE_UNAVAILABLE.
    const failed = products.find((p) => p instanceof Error);
    if (failed) throw failed;
    return products.flatMap((p) => (p && !(p instanceof Error) ? [p] : []));
  },
};
