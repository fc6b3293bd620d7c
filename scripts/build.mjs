#!/usr/bin/env node
// Production build: every runtime package's src/**/*.ts compiled to dist/**/*.js, file for file
// (esbuild transpiles; `pnpm typecheck` is the type check), so the services start with
// `node dist/index.js` instead of compiling TypeScript through tsx at every start. The tree under
// dist/ mirrors src/, so paths resolved from import.meta.url (schema.graphql, migrations) hold.
// Packages resolve each other's dist/ under the `production` export condition
// (NODE_OPTIONS=--conditions=production); without it (pnpm dev, tests) they resolve to src/.
// Also builds the GraphiQL bundle (cached).
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RUNTIME_PACKAGES = [
  'packages/core',
  'packages/db',
  'packages/demo-data',
  'packages/graphiql',
  'packages/pubsub',
  'packages/http',
  'packages/subgraph',
  'packages/telemetry',
  'prisma',
  'gateway',
  'subgraphs/accounts',
  'subgraphs/orders',
  'subgraphs/payments',
  'subgraphs/products',
];

const started = Date.now();
let files = 0;
for (const pkg of RUNTIME_PACKAGES) {
  const src = path.join(root, pkg, 'src');
  const entryPoints = readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && !f.startsWith(`app${path.sep}`))
    .map((f) => path.join(src, f));
  rmSync(path.join(root, pkg, 'dist'), { recursive: true, force: true });
  await build({ entryPoints, outdir: path.join(root, pkg, 'dist'), outbase: src, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  files += entryPoints.length;
}
console.log(`Compiled ${files} files of ${RUNTIME_PACKAGES.length} packages into their dist/ in ${Date.now() - started} ms.`);
execFileSync(process.execPath, [path.join(root, 'packages/graphiql/build.mjs')], { stdio: 'inherit' });
