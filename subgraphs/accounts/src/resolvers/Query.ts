import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  me: (_parent, _args, { identity, loaders }) => (identity ? loaders.customerById.load(identity.customerId) : null),
};
