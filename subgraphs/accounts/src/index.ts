import { runService } from '@ordergraph/http';
import { loadAccountsConfig } from './config.js';
import { createAccountsService } from './server.js';

await runService('accounts', async () => {
  const config = loadAccountsConfig(process.env);
  return { config, service: await createAccountsService(config, { seed: config.nodeEnv !== 'production' }) };
});
