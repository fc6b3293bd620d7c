import type { Caller, DataLoaderConfig, Identity } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import { CatalogService } from './services/CatalogService.js';
import { InventoryService } from './services/inventory.js';

export interface Context {
  identity: Identity | null;
  caller: Caller;
  /** Resolvers reach the database only through services and loaders. */
  catalog: CatalogService;
  inventory: InventoryService;
  loaders: Loaders;
}

export const createContextFactory = (prisma: PrismaClient, reads: SqlReads, loaderConfig?: DataLoaderConfig) => {
  // Stateless over the shared client: one of each per process, loaders per request.
  const catalog = new CatalogService(prisma, reads);
  const inventory = new InventoryService(prisma, reads);
  return (caller: Caller): Context => ({
    identity: caller.identity,
    caller,
    catalog,
    inventory,
    loaders: createLoaders(reads, loaderConfig),
  });
};
