export * from './target.js';
export * from './database.js';
export * from './migrate.js';
export * from './queryCounter.js';
export * from './sqlReads.js';
export * from './subgraphDatabase.js';
export * from './types.js';
export type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
export * from './testBackends.js';
