// Benchmark child process: OrderGraph's gateway as deployed, the compiled build (`pnpm build`,
// dist/) run by plain `node --conditions=production`: no tsx loader thread or TypeScript
// transpilation, as for the stock baseline (stockGateway.mjs). Env as for gateway.ts.
import { createGateway, loadGatewayConfig } from '@ordergraph/gateway';
import { serveRunnerRequests } from './childIpc.mjs';

try {
  const gateway = createGateway(loadGatewayConfig({ ...process.env, HOST: '127.0.0.1', PORT: '0' }));
  const url = (await gateway.start(0, '127.0.0.1')).replace('//localhost:', '//127.0.0.1:');
  serveRunnerRequests(() => gateway.stop());
  process.send?.({ type: 'ready', urls: { gateway: url } });
} catch (error) {
  process.send?.({ type: 'failed', error: String(error?.stack ?? error) });
  process.exit(1);
}
