import { runService } from '@ordergraph/http';
import { loadOrdersConfig } from './config.js';
import { createOrdersService } from './server.js';

await runService('orders', async () => {
  const config = loadOrdersConfig(process.env);
  return { config, service: await createOrdersService(config, { seed: config.nodeEnv !== 'production' }) };
});
