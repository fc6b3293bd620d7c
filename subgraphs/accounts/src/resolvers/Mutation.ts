import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  signUp: (_parent, { input }, { auth }) => auth.signUp(input),
  signIn: (_parent, { email, password }, { auth }) => auth.signIn(email, password),
};
