// Composes the four subgraph schemas into gateway/supergraph.graphql with @apollo/composition.
//   pnpm compose          write the file
//   pnpm compose:check    fail if composition fails or the committed file is stale (CI)
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const SUBGRAPHS = [
  { name: 'accounts', port: 4001 },
  { name: 'products', port: 4002 },
  { name: 'orders', port: 4003 },
  { name: 'payments', port: 4004 },
] as const;

const root = new URL('..', import.meta.url);
const outFile = new URL('gateway/supergraph.graphql', root);
const sharedDirectives = readFileSync(new URL('packages/server/schema/directives.graphql', root), 'utf8');

const result = composeServices(
  SUBGRAPHS.map(({ name, port }) => ({
    name,
    url: `http://localhost:${port}/graphql`,
    // The shared directive definitions first, as loadTypeDefs() in @ordergraph/server does at run time.
    typeDefs: parse(`${sharedDirectives}\n${readFileSync(new URL(`subgraphs/${name}/schema.graphql`, root), 'utf8')}`),
  })),
);
if (result.errors) {
  console.error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  process.exit(1);
}
const supergraph = `${result.supergraphSdl.trimEnd()}\n`;
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(outFile, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (committed !== supergraph) {
    console.error('gateway/supergraph.graphql is stale: run `pnpm compose` and commit the result.');
    process.exit(1);
  }
  console.log('Supergraph composes and gateway/supergraph.graphql is up to date.');
} else {
  writeFileSync(outFile, supergraph);
  console.log(`Wrote gateway/supergraph.graphql (${SUBGRAPHS.length} subgraphs).`);
  for (const hint of result.hints ?? []) console.log(`hint: ${hint.toString()}`);
}
