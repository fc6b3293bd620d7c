// Benchmark child process: ONE subgraph, as deployed (its own process, NODE_ENV=production,
// PostgreSQL from DATABASE_URL + DATABASE_SCHEMA_PREFIX, secrets from the environment).
// Usage (forked by bench/lib/deployed.ts): subgraph.ts accounts|products|orders|payments
// BENCH_CODE_ROOT runs the subgraph of another checkout (e.g. a baseline commit's worktree):
// its own source and node_modules, started the same way.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { announceFailure, announceReady, serveRequests } from '../lib/ipc.js';
import { countGraphqlRequests } from '../lib/requestCounter.js';

const NAMES = ['accounts', 'products', 'orders', 'payments'] as const;
type Name = (typeof NAMES)[number];

const name = process.argv[2] as Name;
const env = { ...process.env, HOST: '127.0.0.1', PORT: '0' };
const root = process.env.BENCH_CODE_ROOT ?? path.resolve(import.meta.dirname, '../..');

const graphqlRequests = countGraphqlRequests();

interface Service {
  start(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  database?: { stats?: { statements: number } };
}

async function build(): Promise<Service> {
  if (!NAMES.includes(name)) throw new Error(`usage: subgraph.ts ${NAMES.join('|')} (received ${name})`);
  // Each subgraph package exports create<Name>Service and load<Name>Config from src/server.ts.
  const mod = await import(pathToFileURL(path.join(root, 'subgraphs', name, 'src/server.ts')).href);
  const title = name[0]!.toUpperCase() + name.slice(1);
  const config = mod[`load${title}Config`](env);
  return mod[`create${title}Service`](config, { seed: true });
}

try {
  const service = await build();
  const url = (await service.start(0, '127.0.0.1')).replace('//localhost:', '//127.0.0.1:');
  serveRequests({
    counters: () => ({ statements: service.database?.stats?.statements ?? Number.NaN, graphql: graphqlRequests() }),
  });
  process.once('SIGTERM', () => void service.stop().finally(() => process.exit(0)));
  announceReady({ [name]: url });
} catch (error) {
  announceFailure(error);
  process.exit(1);
}
