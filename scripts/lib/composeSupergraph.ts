// Composition of the four subgraph schemas with @apollo/composition: shared by `pnpm compose`
// (which writes gateway/supergraph.graphql) and `pnpm schema:check` (which diffs its API schema).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { composeServices, type CompositionResult } from '@apollo/composition';
import { parse, printSchema } from 'graphql';

export const SUBGRAPHS = [
  { name: 'accounts', port: 4001 },
  { name: 'products', port: 4002 },
  { name: 'orders', port: 4003 },
  { name: 'payments', port: 4004 },
] as const;

export const root = new URL('../../', import.meta.url);

/** Compose the subgraphs' committed schema.graphql files. */
export function composeSupergraph(): CompositionResult {
  const sharedDirectives = readFileSync(new URL('packages/subgraph/schema/directives.graphql', root), 'utf8');
  return composeServices(
    SUBGRAPHS.map(({ name, port }) => ({
      name,
      url: `http://localhost:${port}/graphql`,
      // The shared directive definitions first, as loadTypeDefs() in @ordergraph/subgraph does at run time.
      typeDefs: parse(`${sharedDirectives}\n${readFileSync(new URL(`subgraphs/${name}/schema.graphql`, root), 'utf8')}`),
    })),
  );
}

/** What clients can query: the supergraph without join__/link__ machinery and @inaccessible elements. */
export function apiSchemaOf(supergraphSdl: string): string {
  // CommonJS-only package (as scripts/codegen-api-schema.mjs loads it).
  const { Supergraph } = createRequire(import.meta.url)('@apollo/federation-internals');
  return printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}
