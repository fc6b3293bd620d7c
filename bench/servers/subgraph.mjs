// Benchmark child process: ONE subgraph as the Dockerfile runs it: the compiled build (`pnpm build`,
// dist/) under plain `node --conditions=production`, no tsx loader (BENCH_COMPILED; subgraph.ts
// runs src/ through tsx). Usage (forked by bench/lib/deployed.ts): subgraph.mjs accounts|products|orders|payments
import { Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveRunnerRequests } from './childIpc.mjs';

const NAMES = ['accounts', 'products', 'orders', 'payments'];
const name = process.argv[2];
const env = { ...process.env, HOST: '127.0.0.1', PORT: '0' };
const root = path.resolve(import.meta.dirname, '../..');

// GraphQL executions, counted as bench/lib/requestCounter.ts does: POSTs to /graphql.
let graphql = 0;
const emit = Server.prototype.emit;
Server.prototype.emit = function (event, ...args) {
  if (event === 'request' && args[0]?.method === 'POST' && String(args[0].url).startsWith('/graphql')) graphql += 1;
  return emit.call(this, event, ...args);
};

try {
  if (!NAMES.includes(name)) throw new Error(`usage: subgraph.mjs ${NAMES.join('|')} (received ${name})`);
  const mod = await import(pathToFileURL(path.join(root, 'subgraphs', name, 'dist/server.js')).href);
  const title = name[0].toUpperCase() + name.slice(1);
  const service = await mod[`create${title}Service`](mod[`load${title}Config`](env), { seed: true });
  const url = (await service.start(0, '127.0.0.1')).replace('//localhost:', '//127.0.0.1:');
  serveRunnerRequests(() => service.stop(), {
    counters: () => ({ statements: service.database?.stats?.statements ?? Number.NaN, graphql }),
  });
  process.send?.({ type: 'ready', urls: { [name]: url } });
} catch (error) {
  process.send?.({ type: 'failed', error: String(error?.stack ?? error) });
  process.exit(1);
}
