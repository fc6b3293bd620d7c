import type { Resolvers } from '../generated/graphql.js';
import { Customer } from './Customer.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Customer };
