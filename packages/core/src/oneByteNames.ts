import { parse, visit, type DocumentNode } from 'graphql';

/**
 * Every name this process interned one-byte, held as keys so V8 keeps them in its string table
 * for the process's lifetime. It only grows by the names of the schemas loaded (a reloaded
 * supergraph adds its new names), a few thousand short strings at most.
 */
const INTERNED: Record<string, true> = Object.create(null);

/**
 * Makes every GraphQL name of a schema (types, fields, arguments, enum values, directives) a
 * ONE-BYTE string in V8's table of property names, before anything turns the schema into objects
 * keyed by those names.
 *
 * Why: V8 keeps one copy of each property name, in whichever encoding it was first seen. A schema
 * whose SDL has a single character above U+00FF (a "—" or "→" in a description) is a two-byte
 * string, and every name graphql-js slices from it is two-byte too. Once such a name is a property
 * key (the schema's field maps), every response object built with it has a two-byte key, and
 * `JSON.stringify` of the whole response is a two-byte string: twice the memory, and flattening and
 * encoding it for the socket cost ~1 ms per 100 KB response on `bench:gateway` (~0.05 ms for the
 * one-byte string of the same text). Call this before the first `buildSchema` / `buildSubgraphSchema`
 * / `Supergraph.build` of the SDL; later copies of a name then resolve to the one-byte one.
 */
export function internOneByteNames(sdl: string | DocumentNode): void {
  const document = typeof sdl === 'string' ? parse(sdl, { noLocation: true }) : sdl;
  visit(document, {
    Name(node) {
      // GraphQL names are ASCII; a latin1 round trip gives a one-byte copy whatever the source's
      // encoding. Only that copy is ever used as a key: a lookup with the two-byte original could
      // intern it first.
      INTERNED[Buffer.from(node.value, 'latin1').toString('latin1')] = true;
    },
  });
}
