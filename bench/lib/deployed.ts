import path from 'node:path';
import type { BenchOptions } from './options.js';
import { BENCH_DIR, spawnService, type ChildService } from './processes.js';
import { buildOnce, startGateway, startSubgraphs } from './stack.js';

/** The processes of one stack under test, and where its subgraphs keep their data. */
export interface Stack {
  gateway: ChildService;
  /** Every service process, gateway first. */
  processes: ChildService[];
  /** PostgreSQL schema of each subgraph, e.g. `{ orders: 'bench123_1_orders' }`. */
  schemas: Record<'accounts' | 'products' | 'orders' | 'payments', string>;
  /** SQL statements and GraphQL executions so far, summed over the subgraph processes. */
  counters(): Promise<{ statements: number; graphql: number }>;
  stop(): Promise<void>;
}

export type Topology = 'deployed' | 'one-process';

let stacks = 0;
const schemasOf = (prefix: string) => ({
  accounts: `${prefix}accounts`,
  products: `${prefix}products`,
  orders: `${prefix}orders`,
  payments: `${prefix}payments`,
});

/**
 * The stack as deployed: each subgraph and the gateway in its own process, production mode,
 * PostgreSQL (one schema per subgraph under a prefix unique to this stack). `one-process`
 * runs the four subgraphs in one process instead (servers/subgraphs.ts), for comparison.
 * `codeRoot` runs the gateway and subgraphs of another checkout (deployed topology only), e.g.
 * a baseline commit's worktree: `BENCH_CODE_ROOT` of servers/subgraph.ts and servers/gateway.ts.
 */
export async function startStack(
  topology: Topology,
  secrets: Record<string, string>,
  options: BenchOptions,
  extraEnv: Record<string, string> = {},
  codeRoot?: string,
  /** Gateway and subgraphs from the build (dist/) under plain node, as the Dockerfile runs them (deployed topology, this checkout). @default false */
  compiled = false,
): Promise<Stack> {
  if (compiled && (codeRoot || topology !== 'deployed')) throw new Error('compiled runs this checkout\'s deployed topology only');
  const env = { ...extraEnv, ...(codeRoot ? { BENCH_CODE_ROOT: codeRoot } : {}) };
  if (!options.databaseUrl) throw new Error('this scenario runs on PostgreSQL: set BENCH_DATABASE_URL (e.g. postgresql://root@127.0.0.1:5432/bench_orders_speed)');
  if (topology === 'one-process') {
    if (codeRoot) throw new Error('a code root runs the deployed topology only');
    const all = await startSubgraphs(secrets, options, { env });
    const gateway = await startGateway('ours', all, secrets, options, env);
    return {
      gateway,
      processes: [gateway, all],
      schemas: schemasOf(`bench${all.pid}_`),
      counters: async () => {
        const c = await all.request<{ statements: Record<string, number>; graphql: number }>('counters');
        return { statements: Object.values(c.statements).reduce((a, b) => a + b, 0), graphql: c.graphql };
      },
      stop: async () => {
        await gateway.stop();
        await all.stop();
      },
    };
  }
  const prefix = `bench${process.pid}_${++stacks}_`;
  const base = { ...secrets, NODE_ENV: 'production', DATABASE_URL: options.databaseUrl, DATABASE_SCHEMA_PREFIX: prefix, ...env };
  if (compiled) buildOnce();
  const script = path.join(BENCH_DIR, compiled ? 'servers/subgraph.mjs' : 'servers/subgraph.ts');
  const started: ChildService[] = [];
  const spawn = async (name: string, extra: Record<string, string> = {}) => {
    const child = await spawnService(compiled ? `${name} (compiled)` : name, script, {
      env: { ...base, ...extra },
      args: [name],
      ...(compiled ? { nodeArgs: ['--conditions=production'] } : {}),
    });
    started.push(child);
    return child;
  };
  try {
    // Orders calls products and payments (the order saga), so it starts once their URLs are known.
    const [accounts, products, payments] = await Promise.all([spawn('accounts'), spawn('products'), spawn('payments')]);
    const orders = await spawn('orders', { PRODUCTS_URL: products!.urls.products!, PAYMENTS_URL: payments!.urls.payments! });
    const urls = { ...accounts!.urls, ...products!.urls, ...orders.urls, ...payments!.urls };
    const gateway = await startGateway('ours', { urls }, secrets, options, env, undefined, compiled);
    const subgraphs = [accounts!, products!, orders, payments!];
    return {
      gateway,
      processes: [gateway, ...subgraphs],
      schemas: schemasOf(prefix),
      counters: async () => {
        const all = await Promise.all(subgraphs.map((s) => s.request<{ statements: number; graphql: number }>('counters')));
        return { statements: all.reduce((n, c) => n + c.statements, 0), graphql: all.reduce((n, c) => n + c.graphql, 0) };
      },
      stop: async () => {
        await gateway.stop();
        await Promise.all(subgraphs.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
