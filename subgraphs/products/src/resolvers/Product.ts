import type { ProductResolvers } from '../generated/graphql.js';

export const Product: ProductResolvers = {
  // Entity references from other subgraphs (order items) resolve inactive products too:
  // an order keeps pointing at what was bought.
  __resolveReference: ({ id }, { loaders }) => loaders.productById.load(id),
  price: (product) => ({ amount: product.priceAmount, currency: product.currency }),
  inventory: (product, _args, { loaders }) => loaders.inventoryByProductId.load(product.id),
};
