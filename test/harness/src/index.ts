import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createGateway, loadGatewayConfig } from '@ordergraph/gateway';
import { startStack, type Stack } from '@ordergraph/stack';

export interface GraphQLResponse<TData = any> {
  status: number;
  headers: Headers;
  body: { data?: TData | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }> };
}

export interface TestStack extends Stack {
  /** POST a GraphQL operation to the gateway (or `url`). */
  gql<TData = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; url?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<TData>>;
  /**
   * Sign in through the gateway and return the access token. Cached per email: signIn is
   * rate-limited (5/min per IP and email), and most tests only need a valid token.
   */
  signIn(email: string, password: string): Promise<string>;
  /** Where the test's rate-limit counters live (Redis with a prefix, or memory). */
  describeRateLimits: string;
  /** SQL statements each subgraph has sent so far. */
  statements(): Record<'accounts' | 'products' | 'orders' | 'payments', number>;
  /** Where the test data lives (PGlite in memory, or PostgreSQL schemas). */
  describeDatabase: string;
  /** The environment the stack was built from. */
  env: Record<string, string | undefined>;
  /**
   * Start another gateway in front of this stack's subgraphs, with `extraEnv` on top of the
   * stack's environment (e.g. a second replica, or other limits). Stopped with the stack.
   */
  startGateway(extraEnv?: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }>;
}

export { startStockGateway } from './stockGateway.js';

const SERVICES = ['accounts', 'products', 'orders', 'payments'] as const;

/** A Redis client for a test to look at what the stack stored (disconnect it when done). */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}

/** Remove a test stack's Redis keys (counters expire anyway; APQ entries would linger a day). */
async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Boot the whole platform for one test file, isolated from every other file: in-memory
 * PGlite by default, or fresh PostgreSQL schemas (dropped on stop) when TEST_DATABASE_URL is set.
 */
export async function startTestStack(extraEnv: Record<string, string> = {}, options: { seed?: boolean } = {}): Promise<TestStack> {
  const { seed = true } = options;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  const prefix = `t${randomBytes(5).toString('hex')}_`;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    // Quiet by default, also for files that boot the stack with NODE_ENV=production.
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA_PREFIX: prefix } : { DATA_DIR: ':memory:' }),
    // Rate-limit counters and APQ in Redis, under a key prefix of this stack's own.
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `ordergraph-test:${prefix}` } : {}),
    // Production-mode files run the demo data and the simulator, which production allows only when asked.
    ...(extraEnv.NODE_ENV === 'production'
      ? { PAYMENT_PROVIDER: 'simulator', PAYMENT_SIMULATOR_IN_PRODUCTION: 'true', ...(seed ? { ALLOW_DEMO_ACCOUNTS: 'true' } : {}) }
      : {}),
    ...extraEnv,
  };
  const stack = await startStack({ env, randomPorts: true, seed });
  const gql: TestStack['gql'] = async (query, variables, options = {}) => {
    const response = await fetch(options.url ?? stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: GraphQLResponse['body'];
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`Non-JSON response (${response.status}): ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, body };
  };
  const tokens = new Map<string, Promise<string>>();
  const extraGateways: Array<{ stop(): Promise<void> }> = [];
  const subgraphUrls = Object.fromEntries(
    SERVICES.map((s) => [`SUBGRAPH_URL_${s.toUpperCase()}`, stack.subgraphs[s].url.replace('//localhost:', '//127.0.0.1:')]),
  );
  const signIn = async (email: string, password: string) => {
      const { body } = await gql<{ signIn: { accessToken: string } }>(
        'mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken } }',
        { email, password },
      );
      if (!body.data?.signIn) throw new Error(`signIn failed for ${email}: ${JSON.stringify(body.errors)}`);
      return body.data.signIn.accessToken;
  };
  return {
    ...stack,
    gql,
    describeDatabase: databaseUrl ? `PostgreSQL schemas ${prefix}*` : 'PGlite in memory',
    describeRateLimits: env.REDIS_URL ? `Redis keys ${env.REDIS_KEY_PREFIX}*` : 'in memory',
    env,
    async startGateway(extra = {}) {
      const config = loadGatewayConfig({ ...env, ...subgraphUrls, PORT: '0', ...(env.NODE_ENV === 'production' && env.METRICS_PORT === undefined ? { METRICS_PORT: '0' } : {}), ...extra });
      const gateway = createGateway(config);
      const url = await gateway.start(config.port, config.host);
      extraGateways.push(gateway);
      return { url: url.replace('//localhost:', '//127.0.0.1:'), stop: () => gateway.stop() };
    },
    signIn(email, password) {
      const key = `${email}\n${password}`;
      let token = tokens.get(key);
      if (!token) {
        token = signIn(email, password);
        tokens.set(key, token);
        token.catch(() => tokens.delete(key));
      }
      return token;
    },
    statements() {
      return Object.fromEntries(SERVICES.map((s) => [s, stack.subgraphs[s].database.stats.statements])) as ReturnType<TestStack['statements']>;
    },
    async stop() {
      await Promise.all(extraGateways.map((g) => g.stop()));
      await stack.stop();
      if (redisUrl) await deleteKeys(redisUrl, `${env.REDIS_KEY_PREFIX}*`);
      if (databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          for (const s of SERVICES) await client.query(`DROP SCHEMA IF EXISTS "${prefix}${s}" CASCADE`);
        } finally {
          await client.end();
        }
      }
    },
  };
}
export * from './metrics.js';
