import type { Caller, DataLoaderConfig, Identity } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { PaymentService } from './services/PaymentService.js';

export interface Context {
  identity: Identity | null;
  caller: Caller;
  prisma: PrismaClient;
  loaders: Loaders;
  payments: PaymentService;
}

export const createContextFactory = (prisma: PrismaClient, reads: SqlReads, payments: PaymentService, loaderConfig?: DataLoaderConfig) => (caller: Caller): Context => ({
  payments,
  identity: caller.identity,
  caller,
  prisma,
  loaders: createLoaders(reads, loaderConfig),
});
