import { runService } from '@ordergraph/server/http';
import { loadGatewayConfig } from './config.js';
import { createGateway } from './server.js';

await runService('gateway', async () => {
  const config = loadGatewayConfig(process.env);
  return { config, service: createGateway(config) };
});
