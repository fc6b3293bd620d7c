import type { BaseContext } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import { IdentityCodec, type CommonConfig, type Identity } from '@ordergraph/core';
import { describeTarget, openSubgraphDatabase, type DatabaseTarget, type SqlDriverAdapterFactory, type SubgraphDatabase } from '@ordergraph/db';
import { createSubgraphTelemetry, type SubgraphTelemetry } from '@ordergraph/telemetry';
import { ServiceLifecycle, type Lifecycle } from './lifecycle.js';
import { runReadinessChecks, type ReadinessCheck } from './readiness.js';
import { createSubgraphService } from './subgraph.js';

interface PrismaLike {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
  $disconnect(): Promise<void>;
}

/** What a subgraph's own code gets besides its Prisma client. */
export interface SubgraphDeps {
  /** Logger, metrics (`telemetry.business` for saga metrics), tracer. */
  telemetry: SubgraphTelemetry;
  /** Graceful shutdown: `track` saga steps, watch `signal` in background workers. */
  lifecycle: Lifecycle;
}

export interface PrismaSubgraphOptions<TClient extends PrismaLike, TContext extends BaseContext> {
  name: string;
  config: CommonConfig & { database: DatabaseTarget };
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  migrationsDir: string;
  /** Build the generated PrismaClient on the driver adapter; query events must be on. */
  createClient: (adapter: SqlDriverAdapterFactory) => TClient;
  /** Returns the per-request context factory for this client. */
  context: (prisma: TClient, deps: SubgraphDeps) => (identity: Identity | null) => TContext;
  /** Loads demo data into an empty database; runs only when `seed` is true. */
  seed?: (prisma: TClient) => Promise<unknown>;
  /** Seed on start. @default false */
  runSeed?: boolean;
  /** Runs once after the database is open: register metrics, start background workers (stop them on `lifecycle.signal`). */
  setup?: (prisma: TClient, deps: SubgraphDeps) => void;
  /** Readiness checks besides the database (e.g. Redis), each resolving "ok" or a reason. */
  readinessChecks?: Record<string, ReadinessCheck>;
}

/** Open (and migrate) a subgraph's database, then build its GraphQL service; no port is bound. */
export async function createPrismaSubgraph<TClient extends PrismaLike, TContext extends BaseContext>(
  options: PrismaSubgraphOptions<TClient, TContext>,
) {
  let database: SubgraphDatabase<TClient> | undefined;
  const telemetry = createSubgraphTelemetry(options.name, options.config.telemetry, () => database?.db.poolStats() ?? null);
  const lifecycle = new ServiceLifecycle(telemetry.logger);
  const opened: SubgraphDatabase<TClient> = await openSubgraphDatabase({
    target: options.config.database,
    migrationsDir: options.migrationsDir,
    createClient: options.createClient,
  });
  database = opened;
  telemetry.logger.info({ database: describeTarget(options.config.database), migrationsApplied: opened.applied }, 'database open');
  telemetry.database.listen(opened.prisma);
  const deps: SubgraphDeps = { telemetry, lifecycle };
  try {
    if (options.runSeed && options.seed) await options.seed(opened.prisma);
    options.setup?.(opened.prisma, deps);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const checks: Record<string, ReadinessCheck> = {
    database: async () => (await opened.readiness()).checks.database ?? 'unknown',
    ...options.readinessChecks,
  };
  const service = createSubgraphService<TContext>({
    name: options.name,
    typeDefs: options.typeDefs,
    resolvers: options.resolvers,
    identityCodec: new IdentityCodec(options.config.identitySecret),
    createContext: options.context(opened.prisma, deps),
    exposeErrorDetails: options.config.exposeErrorDetails,
    readiness: () => runReadinessChecks(checks),
    close: opened.close,
    telemetry,
    shutdown: options.config.shutdown,
    lifecycle,
  });
  return Object.assign(service, { database: opened });
}
