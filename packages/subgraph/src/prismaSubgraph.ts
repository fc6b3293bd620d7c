import type { BaseContext } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import { ConfigError, IdentityCodec, ServiceTokenCodec, type Caller, type SubgraphCommonConfig } from '@ordergraph/core';
import { describeTarget, openSubgraphDatabase, type DatabaseTarget, type PrismaLike, type SqlDriverAdapterFactory, type SqlReads, type SubgraphDatabase } from '@ordergraph/db';
import { closeRedis, createRedis, redisReadiness, runReadinessChecks, ServiceLifecycle, waitForRedis, type Lifecycle, type ReadinessCheck } from '@ordergraph/http';
import { createSubgraphTelemetry, type SubgraphTelemetry } from '@ordergraph/telemetry';
import { createSubgraphService, type SubgraphServiceOptions } from './subgraph.js';


export interface SubgraphSetup<TContext, TExpose extends object = object> {
  context: (caller: Caller) => TContext;
  /** Starts background work (workers, relays) once the service listens. */
  start?: () => void;
  /** Stops background work before the database closes; in-flight work finishes or is left to recovery. */
  stop?: () => Promise<void>;
  /** Objects to expose on the built service (for the stack, tests and operations). */
  expose?: TExpose;
  /** POST routes that read their own body (e.g. a payment provider's webhook). */
  postRoutes?: SubgraphServiceOptions<BaseContext>['postRoutes'];
}

/** What a subgraph's own code gets to wire itself. */
export interface SubgraphDeps<TClient> {
  prisma: TClient;
  /** Hot batched reads (the per-request loaders) outside Prisma, counted and timed like Prisma's. */
  reads: SqlReads;
  serviceTokens: ServiceTokenCodec;
  /** Logger, metrics (`telemetry.business` for saga metrics), tracer. */
  telemetry: SubgraphTelemetry;
  /** Graceful shutdown: `track` saga steps, watch `signal` / `onShutdown` in background workers. */
  lifecycle: Lifecycle;
}

export interface PrismaSubgraphOptions<TClient extends PrismaLike, TContext extends BaseContext, TExpose extends object = object> {
  name: string;
  config: SubgraphCommonConfig & { database: DatabaseTarget };
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  migrationsDir: string;
  /** Build the generated PrismaClient on the driver adapter; query events must be on. */
  createClient: (adapter: SqlDriverAdapterFactory) => TClient;
  /** Wires the subgraph once: its per-request context factory and optional background work. */
  setup: (deps: SubgraphDeps<TClient>) => SubgraphSetup<TContext, TExpose>;
  /** Loads demo data into an empty database; runs only when `seed` is true. */
  seed?: (prisma: TClient) => Promise<unknown>;
  /** Seed on start. @default false */
  runSeed?: boolean;
  /** Serve subscriptions over WebSocket. @default false */
  subscriptions?: boolean;
  /** `@policy` implementations (see createSubgraphService). */
  policies?: NonNullable<SubgraphServiceOptions<TContext>['security']>['policies'];
  /** Extra GET routes. */
  routes?: SubgraphServiceOptions<TContext>['routes'];
  /** Readiness checks besides the database and Redis, each resolving "ok" or a reason. */
  readinessChecks?: Record<string, ReadinessCheck>;
}

/** Open (and migrate) a subgraph's database, then build its GraphQL service; no port is bound. */
export async function createPrismaSubgraph<TClient extends PrismaLike, TContext extends BaseContext, TExpose extends object = object>(
  options: PrismaSubgraphOptions<TClient, TContext, TExpose>,
) {
  const { config } = options;
  if (options.runSeed && options.seed && config.nodeEnv === 'production' && !config.allowDemoAccounts) {
    throw new ConfigError(
      `${options.name}: production never loads demo data (its accounts have published passwords); ` +
        'create the first admin with `pnpm admin:create`, or set ALLOW_DEMO_ACCOUNTS=true for a demo deployment',
    );
  }
  let opened: SubgraphDatabase<TClient> | undefined;
  const telemetry = createSubgraphTelemetry(options.name, config.telemetry, () => opened?.db.poolStats() ?? null);
  const lifecycle = new ServiceLifecycle(telemetry.logger);
  const database: SubgraphDatabase<TClient> = await openSubgraphDatabase({
    target: config.database,
    migrationsDir: options.migrationsDir,
    createClient: options.createClient,
    // Only code and message: the error carries the whole pg client.
    onConnectionError: (error) =>
      telemetry.logger.warn({ code: (error as { code?: string }).code, reason: error.message }, 'database connection lost; the pool reconnects'),
  });
  opened = database;
  telemetry.logger.info({ database: describeTarget(config.database), migrationsApplied: database.applied }, 'database open');
  telemetry.database.listen(database.prisma);
  telemetry.database.listen(database.reads);
  try {
    if (options.runSeed && options.seed) await options.seed(database.prisma);
  } catch (error) {
    await database.close();
    throw error;
  }
  const redis = config.redisUrl ? createRedis(config.redisUrl) : null;
  const serviceTokens = new ServiceTokenCodec(config.serviceTokenSecret, options.name);
  let setup: SubgraphSetup<TContext, TExpose> | null = null;
  const release = async () => {
    await setup?.stop?.();
    if (redis) await closeRedis(redis);
    await database.close();
  };
  const checks: Record<string, ReadinessCheck> = {
    database: async () => (await database.readiness()).checks.database ?? 'unknown',
    ...(redis ? { redis: redisReadiness(redis) } : {}),
    ...options.readinessChecks,
  };
  let service: ReturnType<typeof createSubgraphService<TContext>>;
  try {
    if (redis) await waitForRedis(redis);
    setup = options.setup({ prisma: database.prisma, reads: database.reads, serviceTokens, telemetry, lifecycle });
    service = createSubgraphService<TContext>({
      name: options.name,
      typeDefs: options.typeDefs,
      resolvers: options.resolvers,
      identityCodec: new IdentityCodec(config.identitySecret),
      serviceTokens,
      createContext: setup.context,
      exposeErrorDetails: config.exposeErrorDetails,
      // Only the database is required: without Redis, rate limits count per process and
      // events stay in this process (see docs/operations.md), but orders still work.
      readiness: () => runReadinessChecks(checks, { optional: ['redis'], observe: (name, up) => telemetry.health.dependency(name, up) }),
      subscriptions: options.subscriptions,
      execution: config.execution,
      security: {
        trustedProxies: config.trustedProxies,
        redis,
        redisKeyPrefix: config.redisKeyPrefix,
        introspection: config.introspection,
        policies: options.policies,
        rateLimits: config.fieldRateLimits,
        maxInputDepth: config.maxInputDepth,
        maxEntityRepresentations: config.maxEntityRepresentations,
      },
      routes: options.routes,
      postRoutes: setup.postRoutes,
      close: release,
      telemetry,
      shutdown: config.shutdown,
      lifecycle,
    });
  } catch (error) {
    // A schema that fails to build (e.g. an unimplemented @policy) must not leak connections.
    await release();
    throw error;
  }
  const started = setup;
  const start = service.start.bind(service);
  return Object.assign(service, (started.expose ?? {}) as TExpose, {
    database,
    serviceTokens,
    async start(port: number, host?: string) {
      const url = await start(port, host);
      started.start?.();
      return url;
    },
  });
}
