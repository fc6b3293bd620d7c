import { runService } from '@ordergraph/http';
import { loadPaymentsConfig } from './config.js';
import { createPaymentsService } from './server.js';

await runService('payments', async () => {
  const config = loadPaymentsConfig(process.env);
  return { config, service: await createPaymentsService(config, { seed: config.nodeEnv !== 'production' }) };
});
