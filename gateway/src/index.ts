import { runService } from '@ordergraph/http';
import { ConfigError } from '@ordergraph/core';
import { runClustered } from './cluster.js';
import { loadGatewayConfig } from './config.js';
import { createGateway } from './server.js';

let workers = 1;
try {
  workers = loadGatewayConfig(process.env).performance.workers;
} catch (error) {
  // runService reports configuration errors (naming the variable) and exits.
  if (!(error instanceof ConfigError)) throw error;
}
await runClustered({
  workers,
  runWorker: () =>
    runService('gateway', async () => {
      const config = loadGatewayConfig(process.env);
      return { config, service: createGateway(config) };
    }),
});
