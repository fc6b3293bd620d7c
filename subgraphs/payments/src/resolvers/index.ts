import { DateTimeScalar } from '@ordergraph/core';
import type { Resolvers } from '../generated/graphql.js';
import { Order } from './Order.js';
import { Payment } from './Payment.js';

export const resolvers: Resolvers = { Payment, Order, DateTime: DateTimeScalar };
