import type { Caller, Identity } from '@ordergraph/core';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { OrderSaga } from './services/OrderSaga.js';

export interface Context {
  identity: Identity | null;
  caller: Caller;
  prisma: PrismaClient;
  loaders: Loaders;
  saga: OrderSaga;
}

export const createContextFactory = (prisma: PrismaClient, saga: OrderSaga) => (caller: Caller): Context => ({
  identity: caller.identity,
  caller,
  prisma,
  saga,
  loaders: createLoaders(prisma),
});
