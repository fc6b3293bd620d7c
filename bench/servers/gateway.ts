// Benchmark child process: one gateway over the subgraphs at SUBGRAPH_URL_<NAME>.
//   gateway.ts ours   → OrderGraph's gateway (createGateway), as deployed (NODE_ENV=production, tsx)
//   gateway.ts stock  → stock @apollo/gateway via test/harness (@ordergraph/testing) (the benchmarks use stockGateway.mjs)
// BENCH_CODE_ROOT runs the gateway of another checkout (e.g. a baseline commit's worktree).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as GatewayModule from '@ordergraph/gateway';
import { announceFailure, announceReady, serveRequests } from '../lib/ipc.js';
import { startStockGateway } from '@ordergraph/testing';

const kind = process.argv[2];

try {
  let url: string;
  let stop: () => Promise<void>;
  let subscriptionStats: () => unknown = () => null;
  if (kind === 'ours') {
    const root = process.env.BENCH_CODE_ROOT ?? path.resolve(import.meta.dirname, '../..');
    const { createGateway, loadGatewayConfig }: typeof GatewayModule = await import(pathToFileURL(path.join(root, 'gateway/src/server.ts')).href);
    const config = loadGatewayConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' });
    const gateway = createGateway(config);
    url = (await gateway.start(0, '127.0.0.1')).replace('//localhost:', '//127.0.0.1:');
    stop = () => gateway.stop();
    subscriptionStats = () => gateway.subscriptionStats();
  } else if (kind === 'stock') {
    ({ url, stop } = await startStockGateway(process.env));
  } else {
    throw new Error(`usage: gateway.ts ours|stock (received ${kind})`);
  }
  serveRequests({ 'subscription-stats': () => subscriptionStats() });
  process.once('SIGTERM', () => void stop().finally(() => process.exit(0)));
  announceReady({ gateway: url });
} catch (error) {
  announceFailure(error);
  process.exit(1);
}
