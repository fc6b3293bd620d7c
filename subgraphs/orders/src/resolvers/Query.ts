import type { QueryResolvers } from '../generated/graphql.js';
import { visibleOrder } from '../services/orderQueries.js';

export const Query: QueryResolvers = {
  order: async (_parent, { id }, { identity, loaders }) => visibleOrder(identity, await loaders.orderById.load(id)),
  orders: (_parent, args, { identity, reads }) => reads.list(identity, args),
};
