import { canAccess, forbidden } from '@ordergraph/core';
import type { CustomerResolvers } from '../generated/graphql.js';

export const Customer: CustomerResolvers = {
  // A customer's profile is theirs and ADMINs' only, however the query reaches it.
  __resolveReference: ({ id }, { identity, loaders }) => {
    if (!canAccess(identity, id)) throw forbidden("You can only read your own customer profile.");
    return loaders.customerById.load(id);
  },
};
