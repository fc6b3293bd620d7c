import { runService } from '@ordergraph/http';
import { loadProductsConfig } from './config.js';
import { createProductsService } from './server.js';

await runService('products', async () => {
  const config = loadProductsConfig(process.env);
  return { config, service: await createProductsService(config, { seed: config.nodeEnv !== 'production' }) };
});
