import type { Caller, DataLoaderConfig, Identity } from '@ordergraph/core';
import type { SqlReads } from '@ordergraph/db';
import type { PrismaClient, Role } from './generated/prisma/client.js';
import type { CustomerModel } from './mappers.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { AuthService } from './services/auth.js';

export interface Context {
  identity: Identity | null;
  prisma: PrismaClient;
  loaders: Loaders;
  auth: AuthService;
  /** Role changes (ADMIN only; the schema checks who may call). */
  roles: { set(customerId: string, role: Role): Promise<CustomerModel> };
}

export const createContextFactory = (prisma: PrismaClient, reads: SqlReads, auth: AuthService, roles: Context['roles'], loaderConfig?: DataLoaderConfig) => (caller: Caller): Context => ({
  identity: caller.identity,
  prisma,
  auth,
  roles,
  loaders: createLoaders(reads, loaderConfig),
});
