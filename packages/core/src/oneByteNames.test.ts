import { serialize } from 'node:v8';
import { buildASTSchema, buildSchema, graphqlSync, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { internOneByteNames } from './oneByteNames.js';

/** V8's serializer tags a one-byte string '"' (0x22) and a two-byte one 'c' (0x63). */
const isOneByte = (s: string) => serialize(s)[2] === 0x22;

// A description with a character above U+00FF makes the whole SDL string two-byte.
const sdl = (field: string) => `"""Orders → payments"""\ntype Query { ${field}: String }`;
/** The response of `{ field }` as the HTTP layer would serialise it. */
const serialised = (field: string, build: () => ReturnType<typeof buildSchema>) =>
  JSON.stringify(graphqlSync({ schema: build(), source: `{ ${field} }`, fieldResolver: () => 'x' }));

describe('internOneByteNames', () => {
  // Field names nothing else in this worker has used: their first interning is the test's.
  const fresh = (label: string) => `${label}Field${process.pid}x${Math.random().toString(36).slice(2, 8)}`;

  it('control: names of a two-byte SDL become two-byte response keys, and responses two-byte strings', () => {
    const field = fresh('control');
    const body = serialised(field, () => buildSchema(sdl(field)));
    expect(body).toBe(`{"data":{"${field}":"x"}}`);
    expect(isOneByte(body)).toBe(false);
  });

  it('interned first, the same schema answers with one-byte keys, and responses are one-byte strings', () => {
    const field = fresh('interned');
    const body = serialised(field, () => {
      internOneByteNames(sdl(field));
      return buildSchema(sdl(field));
    });
    expect(body).toBe(`{"data":{"${field}":"x"}}`);
    expect(isOneByte(body)).toBe(true);
  });

  it('takes a parsed document too (a subgraph typeDefs), and is idempotent', () => {
    const field = fresh('document');
    const body = serialised(field, () => {
      const document = parse(sdl(field));
      internOneByteNames(document);
      internOneByteNames(document);
      return buildASTSchema(document);
    });
    expect(isOneByte(body)).toBe(true);
  });
});
