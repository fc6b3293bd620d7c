import { unauthenticated } from '@ordergraph/core';
import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  signUp: (_parent, { input }, { auth }) => auth.signUp(input),
  signIn: (_parent, { email, password }, { auth }) => auth.signIn(email, password),
  refreshToken: (_parent, { refreshToken }, { auth }) => auth.refresh(refreshToken),
  signOut: async (_parent, { refreshToken }, { auth }) => {
    await auth.signOut(refreshToken);
    return true;
  },
  // @authenticated guards it; the check here keeps the resolver safe on its own.
  signOutEverywhere: (_parent, _args, { auth, identity }) => {
    if (!identity) throw unauthenticated();
    return auth.signOutEverywhere(identity.customerId);
  },
  // ADMIN only: @requiresScopes(scopes: [["admin"]]) in the schema, enforced by @ordergraph/subgraph.
  setCustomerRole: (_parent, { customerId, role }, { roles }) => roles.set(customerId, role),
};
