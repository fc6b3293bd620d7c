import type { Caller, DataLoaderConfig, Identity } from '@ordergraph/core';
import type { PrismaClient } from './generated/prisma/client.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { AuthService } from './services/auth.js';

export interface Context {
  identity: Identity | null;
  prisma: PrismaClient;
  loaders: Loaders;
  auth: AuthService;
}

export const createContextFactory = (prisma: PrismaClient, auth: AuthService, loaderConfig?: DataLoaderConfig) => (caller: Caller): Context => ({
  identity: caller.identity,
  prisma,
  auth,
  loaders: createLoaders(prisma, loaderConfig),
});
