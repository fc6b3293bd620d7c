import type { DataLoaderConfig, Identity } from '@ordergraph/core';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';

export interface Context {
  identity: Identity | null;
  prisma: PrismaClient;
  loaders: Loaders;
}

export const createContextFactory = (prisma: PrismaClient, loaderConfig?: DataLoaderConfig) => (identity: Identity | null): Context => ({
  identity,
  prisma,
  loaders: createLoaders(prisma, loaderConfig),
});
