import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startStack, type Stack } from '@ordergraph/stack';

export interface GraphQLResponse<TData = any> {
  status: number;
  headers: Headers;
  body: { data?: TData | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }> };
}

export interface TestStack extends Stack {
  /** POST a GraphQL operation to the gateway (or `url`). */
  gql<TData = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string; url?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<TData>>;
  /** Sign in through the gateway and return the access token. */
  signIn(email: string, password: string): Promise<string>;
  /** SQL statements each subgraph has sent so far. */
  statements(): Record<'accounts' | 'products' | 'orders' | 'payments', number>;
  /** Where the test data lives (PGlite in memory, or PostgreSQL schemas). */
  describeDatabase: string;
}

const SERVICES = ['accounts', 'products', 'orders', 'payments'] as const;

/**
 * Boot the whole platform for one test file, isolated from every other file: in-memory
 * PGlite by default, or fresh PostgreSQL schemas (dropped on stop) when TEST_DATABASE_URL is set.
 */
export async function startTestStack(extraEnv: Record<string, string> = {}): Promise<TestStack> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const prefix = `t${randomBytes(5).toString('hex')}_`;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    // Quiet by default, also for files that boot the stack with NODE_ENV=production.
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA_PREFIX: prefix } : { DATA_DIR: ':memory:' }),
    ...extraEnv,
  };
  const stack = await startStack({ env, randomPorts: true, seed: true });
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
  return {
    ...stack,
    gql,
    describeDatabase: databaseUrl ? `PostgreSQL schemas ${prefix}*` : 'PGlite in memory',
    async signIn(email, password) {
      const { body } = await gql<{ signIn: { accessToken: string } }>(
        'mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken } }',
        { email, password },
      );
      if (!body.data?.signIn) throw new Error(`signIn failed for ${email}: ${JSON.stringify(body.errors)}`);
      return body.data.signIn.accessToken;
    },
    statements() {
      return Object.fromEntries(SERVICES.map((s) => [s, stack.subgraphs[s].database.stats.statements])) as ReturnType<TestStack['statements']>;
    },
    async stop() {
      await stack.stop();
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
