#!/usr/bin/env node
// Fails when the committed GraphQL Code Generator output differs from a fresh run (CI).
// An output ending in "/" is a directory (the client preset writes several files there).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = Object.keys(YAML.parse(readFileSync(path.join(root, 'codegen.yml'), 'utf8')).generates);
const read = (f) => {
  try {
    return readFileSync(path.join(root, f), 'utf8');
  } catch {
    return null;
  }
};
/** Every generated file: a file output itself, or each file under a directory output. */
const files = () =>
  outputs.flatMap((f) => {
    if (!f.endsWith('/')) return [f];
    try {
      return readdirSync(path.join(root, f), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
    } catch {
      return [`${f}(missing)`];
    }
  });
const before = new Map(files().map((f) => [f, read(f)]));
execFileSync(path.join(root, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.yml', '--silent'], { cwd: root, stdio: 'inherit' });
const after = files();
const stale = [...new Set([...before.keys(), ...after])].filter((f) => !before.has(f) || !after.includes(f) || read(f) !== before.get(f));
if (stale.length) {
  console.error(`Generated files were stale (now regenerated; commit them):\n${stale.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`Codegen output is up to date (${after.length} files).`);
