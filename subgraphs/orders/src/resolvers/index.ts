import { DateTimeScalar } from '@ordergraph/core';
import type { Resolvers } from '../generated/graphql.js';
import { Customer } from './Customer.js';
import { Mutation } from './Mutation.js';
import { Order } from './Order.js';
import { OrderItem } from './OrderItem.js';
import { Query } from './Query.js';
import { Subscription } from './Subscription.js';

export const resolvers: Resolvers = { Query, Mutation, Subscription, Order, OrderItem, Customer, DateTime: DateTimeScalar };
