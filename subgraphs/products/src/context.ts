import type { Caller, DataLoaderConfig, Identity } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';

export interface Context {
  identity: Identity | null;
  caller: Caller;
  prisma: PrismaClient;
  loaders: Loaders;
}

export const createContextFactory = (prisma: PrismaClient, reads: SqlReads, loaderConfig?: DataLoaderConfig) => (caller: Caller): Context => ({
  identity: caller.identity,
  caller,
  prisma,
  loaders: createLoaders(reads, loaderConfig),
});
