// Composes the four subgraph schemas into gateway/supergraph.graphql with @apollo/composition.
//   pnpm compose          write the file
//   pnpm compose:check    fail if composition fails or the committed file is stale (CI)
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, root, SUBGRAPHS } from './lib/composeSupergraph.js';

const outFile = new URL('gateway/supergraph.graphql', root);

const result = composeSupergraph();
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
