#!/usr/bin/env node
// Fails when the committed GraphQL Code Generator output differs from a fresh run (CI).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
const before = new Map(outputs.map((f) => [f, read(f)]));
execFileSync(path.join(root, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.yml', '--silent'], { cwd: root, stdio: 'inherit' });
const stale = outputs.filter((f) => read(f) !== before.get(f));
if (stale.length) {
  console.error(`Generated files were stale (now regenerated; commit them):\n${stale.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`Codegen output is up to date (${outputs.length} files).`);
