import type { Caller, DataLoaderConfig, Identity } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { PubSub } from '@ordergraph/pubsub';
import type { OrderSaga } from './services/OrderSaga.js';
import { OrderReads } from './services/OrderReads.js';

export interface Context {
  identity: Identity | null;
  caller: Caller;
  /** Reads beyond the loaders (lists, subscription replays); resolvers never query Prisma themselves. */
  reads: OrderReads;
  loaders: Loaders;
  saga: OrderSaga;
  pubsub: PubSub;
}

export function createContextFactory(prisma: PrismaClient, sql: SqlReads, saga: OrderSaga, pubsub: PubSub, loaderConfig?: DataLoaderConfig) {
  const reads = new OrderReads(prisma, sql);
  return (caller: Caller): Context => ({
    pubsub,
    identity: caller.identity,
    caller,
    reads,
    saga,
    loaders: createLoaders(prisma, sql, loaderConfig),
  });
}
