import { DateTimeScalar } from '@ordergraph/core';
import type { Resolvers } from '../generated/graphql.js';
import { Mutation } from './Mutation.js';
import { Order } from './Order.js';
import { Payment } from './Payment.js';

export const resolvers: Resolvers = { Mutation, Payment, Order, DateTime: DateTimeScalar };
