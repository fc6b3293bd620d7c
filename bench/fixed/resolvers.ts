import type { GraphQLResolverMap } from '@apollo/subgraph';
import { PRODUCTS, REVIEWS, USERS } from './data.js';
import type { SubgraphName } from './schemas.js';

const userById = new Map(USERS.map((u) => [u.id, u]));
const productByUpc = new Map(PRODUCTS.map((p) => [p.upc, p]));

export const RESOLVERS: Record<SubgraphName, GraphQLResolverMap<unknown>> = {
  accounts: {
    Query: { me: () => USERS[0], users: () => USERS },
    User: { __resolveReference: (ref: { id: string }) => userById.get(ref.id) ?? null },
  },
  products: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
    Product: { __resolveReference: (ref: { upc: string }) => productByUpc.get(ref.upc) ?? null },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({ ...ref, inStock: productByUpc.get(ref.upc)?.inStock ?? false }),
      shippingEstimate: (p: { price: number; weight: number }) => (p.price > 1000 ? 0 : Math.round(p.weight * 0.5)),
    },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: { id: string }) => REVIEWS.find((r) => r.id === ref.id) ?? null,
      author: (r: { authorId: string }) => ({ id: r.authorId, username: userById.get(r.authorId)?.username }),
      product: (r: { upc: string }) => ({ upc: r.upc }),
    },
    User: {
      __resolveReference: (ref: { id: string }) => ref,
      reviews: (u: { id: string }) => REVIEWS.filter((r) => r.authorId === u.id),
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => ref,
      reviews: (p: { upc: string }) => REVIEWS.filter((r) => r.upc === p.upc),
    },
  },
};
