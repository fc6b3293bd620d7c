// `pnpm dev`: the whole platform in one process. With no DATABASE_URL every subgraph uses
// embedded PGlite under .data/ (migrated and seeded on first start).
import { ConfigError, loadTelemetryConfig } from '@ordergraph/core';
import { installTracing } from '@ordergraph/telemetry';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { startStack } from '@ordergraph/stack';
import { describeTarget, resolveDatabaseTarget } from '@ordergraph/db';
import { startStorefrontDevServer, type StorefrontServer } from '@ordergraph/storefront/server';

// The storefront SPA (examples/storefront) on its own origin; STOREFRONT_PORT=off leaves it out.
const storefrontSetting = process.env.STOREFRONT_PORT ?? '5173';
if (storefrontSetting !== 'off' && !/^\d+$/.test(storefrontSetting)) {
  console.error(`Invalid configuration:\n  STOREFRONT_PORT: expected a port number or "off" (received ${JSON.stringify(storefrontSetting)})`);
  process.exit(1);
}
const storefrontPort = storefrontSetting === 'off' ? null : Number(storefrontSetting);
// The browser calls the gateway from the storefront's origin: admit it unless ALLOWED_ORIGINS says otherwise.
const env = {
  ...process.env,
  ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? (storefrontPort ? `http://localhost:${storefrontPort},http://127.0.0.1:${storefrontPort}` : undefined),
};

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
  stack = await startStack({ env, seed: process.env.NODE_ENV !== 'production' });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
let storefront: StorefrontServer | null = null;
if (storefrontPort) {
  try {
    storefront = await startStorefrontDevServer({ gatewayUrl: stack.gatewayUrl, port: storefrontPort });
  } catch (error) {
    // The API is up; a busy port only costs the storefront.
    console.warn(`Storefront not started on port ${storefrontPort}: ${(error as Error).message} (set STOREFRONT_PORT to another port, or "off")`);
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const lines = [
  '',
  `OrderGraph is up in ${seconds}s`,
  `  Gateway (GraphQL + Apollo Sandbox)  ${stack.gatewayUrl}`,
  ...(storefront ? [`  Storefront (React SPA)              ${storefront.url}`] : []),
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
  await storefront?.close();
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
