#!/usr/bin/env node
// Bundles GraphiQL (src/app) into public/ with esbuild: one script, one stylesheet with its fonts,
// and Monaco's three web workers, content-hashed, plus manifest.json for the gateway
// (src/index.ts). Offline and cached: runs on `pnpm install`, `pnpm dev` and `pnpm test`, and
// returns at once while public/ was built from the same sources and lockfile. (dist/ is the
// package's own compiled src/index.ts, see scripts/build.mjs.)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'public');
const stampFile = path.join(out, 'build-stamp');

function sourceHash() {
  const hash = createHash('sha256');
  const files = [
    path.join(here, 'build.mjs'),
    path.join(here, 'package.json'),
    path.join(here, '../../pnpm-lock.yaml'),
    ...readdirSync(path.join(here, 'src/app'), { recursive: true }).map((f) => path.join(here, 'src/app', String(f))),
  ];
  for (const file of files.sort()) if (existsSync(file)) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

const stamp = sourceHash();
if (!process.argv.includes('--force') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log('GraphiQL bundle is up to date (packages/graphiql/public).');
  process.exit(0);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install has no devDependencies: the image gets the public/ built before.
  console.log('GraphiQL bundle not built: esbuild is not installed (production install).');
  process.exit(0);
}

// Monaco's workers live in @graphiql/react's dependencies (not hoisted by pnpm).
const require = createRequire(createRequire(path.join(here, 'package.json')).resolve('graphiql/package.json'));
const fromReact = createRequire(require.resolve('@graphiql/react/package.json'));
const workers = {
  editor: fromReact.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
  json: fromReact.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
  graphql: fromReact.resolve('monaco-graphql/esm/graphql.worker.js'),
};

const started = Date.now();
rmSync(out, { recursive: true, force: true });
const common = {
  bundle: true,
  minify: true,
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
  target: ['chrome110', 'firefox110', 'safari16'],
};
const [app, workerBuild] = await Promise.all([
  esbuild.build({ ...common, entryPoints: { graphiql: path.join(here, 'src/app/main.tsx') }, format: 'esm', jsx: 'automatic' }),
  // Classic (non-module) workers: every browser GraphiQL supports can start them.
  esbuild.build({ ...common, entryPoints: Object.fromEntries(Object.entries(workers).map(([k, v]) => [`${k}.worker`, v])), format: 'iife' }),
]);

/** Output file (relative to public/assets) of the entry point named `name`, with extension `ext`. */
const output = (result, name, ext) => {
  const file = Object.keys(result.metafile.outputs).find((f) => path.basename(f).startsWith(`${name}-`) && f.endsWith(ext));
  if (!file) throw new Error(`esbuild produced no ${name}*${ext}`);
  return path.basename(file);
};
const manifest = {
  script: output(app, 'graphiql', '.js'),
  style: output(app, 'graphiql', '.css'),
  workers: Object.fromEntries(Object.keys(workers).map((k) => [k, output(workerBuild, `${k}.worker`, '.js')])),
};
writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(stampFile, stamp);
const bytes = Object.values({ ...app.metafile.outputs, ...workerBuild.metafile.outputs }).reduce((n, o) => n + o.bytes, 0);
console.log(`Built GraphiQL into packages/graphiql/public in ${Date.now() - started} ms (${(bytes / 1e6).toFixed(1)} MB).`);
