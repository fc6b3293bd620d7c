// Composition of the four subgraph schemas with @apollo/composition: shared by `pnpm compose`
// (which writes gateway/supergraph.graphql) and `pnpm schema:check` (which diffs its API schema).
import { createRequire } from 'node:module';
import { composeServices, type CompositionResult } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { readSubgraphSdl } from '@ordergraph/subgraph/sdl';

export const SUBGRAPHS = [
  { name: 'accounts', port: 4001 },
  { name: 'products', port: 4002 },
  { name: 'orders', port: 4003 },
  { name: 'payments', port: 4004 },
] as const;

export const root = new URL('../../', import.meta.url);

/** Compose the subgraphs' committed schema.graphql files. */
export function composeSupergraph(): CompositionResult {
  return composeServices(
    SUBGRAPHS.map(({ name, port }) => ({
      name,
      url: `http://localhost:${port}/graphql`,
      // The SDL each subgraph serves at run time (loadTypeDefs): the shared directives, then its schema.
      typeDefs: parse(readSubgraphSdl(new URL(`subgraphs/${name}/schema.graphql`, root))),
    })),
  );
}

/** What clients can query: the supergraph without join__/link__ machinery and @inaccessible elements. */
export function apiSchemaOf(supergraphSdl: string): string {
  // CommonJS-only package (as scripts/codegen-api-schema.mjs loads it).
  const { Supergraph } = createRequire(import.meta.url)('@apollo/federation-internals');
  return printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}
