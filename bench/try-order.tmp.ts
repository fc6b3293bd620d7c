import { randomUUID } from 'node:crypto';
import { DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startStack } from './lib/deployed.js';
import { loadBenchOptions } from './lib/options.js';
import { benchSecrets, credentials, graphql } from './lib/stack.js';
const options = loadBenchOptions(process.env);
const { FIELD_RATE_LIMITS: _a, RATE_LIMIT_OPERATIONS: _b, ...secrets } = benchSecrets();
const stack = await startStack((process.env.TOPO as any) ?? 'deployed', secrets, options, { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `try:${process.pid}:`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
const body = JSON.stringify({ query: 'mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { id status failureReason } }', variables: { input: { items: [{ productId: DEMO_PRODUCTS[0]!.id, quantity: 1 }], paymentMethod: 'tok_visa' } } });
for (let i = 0; i < 10; i++) {
  const h = await credentials('ours', { customerId: randomUUID(), role: 'CUSTOMER' }, secrets);
  const t = performance.now();
  const r = await graphql(stack.gateway.urls.gateway!, body, h);
  console.log(Math.round(performance.now() - t), 'ms', JSON.stringify(r).slice(0, 200));
}
console.log(await stack.counters());
await stack.stop();
process.exit(0);
