// `pnpm dev`: the whole platform in one process. With no DATABASE_URL every subgraph uses
// embedded PGlite under .data/ (migrated and seeded on first start).
import { ConfigError, loadTelemetryConfig } from '@ordergraph/core';
import { installTracing } from '@ordergraph/telemetry';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { startStack } from '@ordergraph/stack';
import { describeTarget, resolveDatabaseTarget } from '@ordergraph/db';

const started = Date.now();
let stack;
try {
  // One process, one tracer provider: name it after the whole stack before any service claims it.
  const telemetry = loadTelemetryConfig(process.env, process.env.NODE_ENV ?? 'development');
  installTracing({
    serviceName: telemetry.serviceName ?? 'ordergraph-dev',
    otlpEndpoint: telemetry.otlpEndpoint,
    sampler: telemetry.traceSampler,
    sampleRatio: telemetry.traceSampleRatio,
  });
  stack = await startStack({ env: process.env, seed: process.env.NODE_ENV !== 'production' });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const lines = [
  '',
  `OrderGraph is up in ${seconds}s`,
  `  Gateway (GraphQL + Apollo Sandbox)  ${stack.gatewayUrl}`,
  ...Object.entries(stack.subgraphs).map(
    ([name, s]) => `  ${name.padEnd(10)} subgraph            ${s.url}   (${describeTarget(resolveDatabaseTarget(name, process.env))})`,
  ),
  '',
  '  Development logins (email / password):',
  ...DEMO_CUSTOMERS.map((c) => `    ${c.role.padEnd(8)} ${c.email.padEnd(24)} ${c.password}`),
  '',
  `  Try: curl -s ${stack.gatewayUrl} -H 'content-type: application/json' \\`,
  `         -d '{"query":"{ products(first: 3) { edges { node { name price { amount } inventory { available } } } } }"}'`,
  '',
];
console.log(lines.join('\n'));

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  // A safety net: whatever happens during shutdown, the process ends.
  setTimeout(() => process.exit(1), 20_000).unref();
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
