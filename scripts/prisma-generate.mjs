#!/usr/bin/env node
// Generates the Prisma Client of every subgraph (runs on `pnpm install`).
// `prisma generate` does not use the schema engine, but the CLI insists on finding one and
// would download it. Offline, with no engine installed, we point it at a placeholder file;
// when a real engine is present (online installs) nothing is overridden.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const services = ['accounts', 'orders', 'payments', 'products'];

function hasRealSchemaEngine() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return true;
  const dir = path.join(root, 'node_modules', '@prisma', 'engines');
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('schema-engine'));
}

const env = { ...process.env };
if (!hasRealSchemaEngine()) env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
const prisma = path.join(root, 'node_modules', '.bin', 'prisma');
for (const service of services) {
  execFileSync(prisma, ['generate', '--config', path.join('prisma', service, 'prisma.config.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
console.log(`Generated Prisma Client for ${services.join(', ')}`);
