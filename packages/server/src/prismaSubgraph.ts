import type { BaseContext } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import { IdentityCodec, type CommonConfig, type Identity } from '@ordergraph/core';
import { openSubgraphDatabase, type DatabaseTarget, type SqlDriverAdapterFactory, type SubgraphDatabase } from '@ordergraph/db';
import { closeRedis, createRedis, waitForRedis } from './security/redis.js';
import { createSubgraphService, type SubgraphServiceOptions } from './subgraph.js';

interface PrismaLike {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
  $disconnect(): Promise<void>;
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
  context: (prisma: TClient) => (identity: Identity | null) => TContext;
  /** Loads demo data into an empty database; runs only when `seed` is true. */
  seed?: (prisma: TClient) => Promise<unknown>;
  /** Seed on start. @default false */
  runSeed?: boolean;
  /** `@policy` implementations (see createSubgraphService). */
  policies?: NonNullable<SubgraphServiceOptions<TContext>['security']>['policies'];
  /** Extra GET routes. */
  routes?: SubgraphServiceOptions<TContext>['routes'];
}

/** Open (and migrate) a subgraph's database, then build its GraphQL service; no port is bound. */
export async function createPrismaSubgraph<TClient extends PrismaLike, TContext extends BaseContext>(
  options: PrismaSubgraphOptions<TClient, TContext>,
) {
  const database: SubgraphDatabase<TClient> = await openSubgraphDatabase({
    target: options.config.database,
    migrationsDir: options.migrationsDir,
    createClient: options.createClient,
  });
  try {
    if (options.runSeed && options.seed) await options.seed(database.prisma);
  } catch (error) {
    await database.close();
    throw error;
  }
  const { config } = options;
  const redis = config.redisUrl ? createRedis(config.redisUrl) : null;
  if (redis) await waitForRedis(redis);
  const release = async () => {
    if (redis) await closeRedis(redis);
    await database.close();
  };
  let service: ReturnType<typeof createSubgraphService<TContext>>;
  try {
    service = createSubgraphService<TContext>({
      name: options.name,
      typeDefs: options.typeDefs,
      resolvers: options.resolvers,
      identityCodec: new IdentityCodec(options.config.identitySecret),
      createContext: options.context(database.prisma),
      exposeErrorDetails: options.config.exposeErrorDetails,
      readiness: database.readiness,
      security: {
        trustedProxies: config.trustedProxies,
        redis,
        redisKeyPrefix: config.redisKeyPrefix,
        introspection: config.introspection,
        policies: options.policies,
      },
      routes: options.routes,
      close: release,
    });
  } catch (error) {
    // A schema that fails to build (e.g. an unimplemented @policy) must not leak connections.
    await release();
    throw error;
  }
  return Object.assign(service, { database });
}
