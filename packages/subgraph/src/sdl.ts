import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

// Its own entry (@ordergraph/subgraph/sdl) too: scripts/compose.ts reads subgraph SDL the same way
// without loading the database packages.

/** The directives every OrderGraph subgraph declares (@authenticated, @requiresScopes, @policy, @rateLimit). */
export const SHARED_DIRECTIVES_PATH = fileURLToPath(new URL('../schema/directives.graphql', import.meta.url));

/** A subgraph's SDL: the shared directive definitions followed by the subgraph's own schema file. */
export function readSubgraphSdl(schemaPath: string | URL): string {
  return `${readFileSync(SHARED_DIRECTIVES_PATH, 'utf8')}\n${readFileSync(schemaPath, 'utf8')}`;
}

/** Read a subgraph's SDL file next to the calling module (with the shared directive definitions). */
export function loadTypeDefs(fromModuleUrl: string, relativePath: string): DocumentNode {
  return parse(readSubgraphSdl(new URL(relativePath, fromModuleUrl)));
}
