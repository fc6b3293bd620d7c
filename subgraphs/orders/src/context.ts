import type { Caller, DataLoaderConfig, Identity } from '@ordergraph/core';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { PubSub } from '@ordergraph/pubsub';
import type { OrderSaga } from './services/OrderSaga.js';

export interface Context {
  identity: Identity | null;
  caller: Caller;
  prisma: PrismaClient;
  loaders: Loaders;
  saga: OrderSaga;
  pubsub: PubSub;
}

export const createContextFactory = (prisma: PrismaClient, saga: OrderSaga, pubsub: PubSub, loaderConfig?: DataLoaderConfig) => (caller: Caller): Context => ({
  pubsub,
  identity: caller.identity,
  caller,
  prisma,
  saga,
  loaders: createLoaders(prisma, loaderConfig),
});
