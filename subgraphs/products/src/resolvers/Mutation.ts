import type { MutationResolvers } from '../generated/graphql.js';
import { updateProduct } from '../services/catalogWrites.js';

export const Mutation: MutationResolvers = {
  // ADMIN only: @requiresScopes(scopes: [["admin"]]) in the schema, enforced by @ordergraph/server.
  updateProduct: (_parent, { id, input }, { prisma }) => updateProduct(prisma, id, input),
};
