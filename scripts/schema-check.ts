// Schema checks: the API schema composed from the subgraphs, against the committed baseline
// (gateway/api-schema.graphql, the contract clients rely on).
//   pnpm schema:check            fail on breaking changes not listed in gateway/api-schema.acknowledged.yaml
//   pnpm schema:check --write    make the current API schema the baseline (refused while a breaking
//                                change is unacknowledged); acknowledgements it makes moot are dropped
// Options for tests and other layouts: --baseline <file> --acknowledged <file> --current <file>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Change } from '@graphql-inspector/core';
import { apiSchemaOf, composeSupergraph, root } from './lib/composeSupergraph.js';
import { acknowledgementFor, checkSchema, parseAcknowledgements } from './lib/schemaCheck.js';

const { values: args } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    baseline: { type: 'string', default: new URL('gateway/api-schema.graphql', root).pathname },
    acknowledged: { type: 'string', default: new URL('gateway/api-schema.acknowledged.yaml', root).pathname },
    current: { type: 'string' },
  },
});

function currentApiSchema(): string {
  if (args.current) return readFileSync(args.current, 'utf8');
  const result = composeSupergraph();
  if (result.errors) {
    console.error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
    process.exit(1);
  }
  return apiSchemaOf(result.supergraphSdl);
}

const list = (title: string, changes: Change[]) => {
  if (changes.length) console.log(`${title} (${changes.length}):\n${changes.map((c) => `  - [${c.type}] ${c.message}`).join('\n')}`);
};

const current = `${currentApiSchema().trimEnd()}\n`;
if (!existsSync(args.baseline)) {
  if (!args.write) {
    console.error(`No baseline at ${args.baseline}: run \`pnpm schema:check --write\` and commit it.`);
    process.exit(1);
  }
  writeFileSync(args.baseline, current);
  console.log(`Wrote ${args.baseline} (first baseline).`);
  process.exit(0);
}
const acknowledgements = existsSync(args.acknowledged) ? parseAcknowledgements(readFileSync(args.acknowledged, 'utf8')) : [];
const result = await checkSchema(readFileSync(args.baseline, 'utf8'), current, acknowledgements);
list('Breaking changes, acknowledged', result.acknowledged);
list('Dangerous changes (clients may behave differently)', result.dangerous);
list('Safe changes', result.safe);
for (const a of result.unused) console.log(`note: acknowledgement ${a.type} ${a.path} matches no change`);
if (result.breaking.length) {
  list('BREAKING changes', result.breaking);
  console.error(
    `\nThe API schema has ${result.breaking.length} breaking change(s) against ${args.baseline}. Keep the old field/type/argument ` +
      `(deprecate it instead), or, if no client can break, acknowledge each in ${args.acknowledged}:\n` +
      result.breaking.map(acknowledgementFor).join('\n'),
  );
  process.exit(1);
}
if (args.write) {
  writeFileSync(args.baseline, current);
  // The new baseline contains these changes: their acknowledgements have done their job.
  const kept = acknowledgements.filter((a) => result.unused.includes(a));
  if (existsSync(args.acknowledged)) writeFileSync(args.acknowledged, ackFile(kept));
  console.log(`Wrote ${args.baseline}${acknowledgements.length !== kept.length ? `; dropped ${acknowledgements.length - kept.length} acknowledgement(s)` : ''}.`);
} else {
  const changed = result.acknowledged.length + result.dangerous.length + result.safe.length;
  console.log(changed ? `Schema check passed (${changed} change(s); \`pnpm schema:check --write\` records them in the baseline).` : 'Schema check passed: the API schema matches the baseline.');
}

function ackFile(entries: typeof acknowledgements): string {
  const header = '# Breaking API-schema changes accepted on purpose (pnpm schema:check). One entry per change:\n# - type: FIELD_REMOVED\n#   path: Product.sku\n#   reason: "no client reads it (checked in the operation logs)"\n';
  return header + (entries.length ? entries.map((a) => `- type: ${a.type}\n  path: ${a.path}\n  reason: ${JSON.stringify(a.reason)}`).join('\n') + '\n' : '[]\n');
}
