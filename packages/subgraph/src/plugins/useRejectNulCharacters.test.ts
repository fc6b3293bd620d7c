import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRejectNulCharacters } from './useRejectNulCharacters.js';

describe('useRejectNulCharacters', () => {
  const seen: string[] = [];
  let apollo: ApolloServer;

  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs: 'input Filter { tags: [String!] } type Query { echo(text: String, filter: Filter): String }',
      resolvers: { Query: { echo: (_p: unknown, args: { text?: string }) => (seen.push(args.text ?? ''), args.text ?? 'ok') } },
      plugins: [useRejectNulCharacters()],
    });
    await apollo.start();
  });
  afterAll(async () => {
    await apollo?.stop();
  });

  const run = async (query: string, variables?: Record<string, unknown>) => {
    const response = await apollo.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status, result: response.body.singleResult };
  };

  it('lets ordinary text through, including other control characters', async () => {
    const { result } = await run('query($t: String) { echo(text: $t) }', { t: 'tab\there, é, ☕' });
    expect(result).toEqual({ data: { echo: 'tab\there, é, ☕' } });
  });

  it.each([
    ['a variable', 'query($t: String) { echo(text: $t) }', { t: 'a\u0000b' }],
    ['a nested variable', 'query($f: Filter) { echo(filter: $f) }', { f: { tags: ['ok', 'x\u0000'] } }],
    ['a literal', '{ echo(text: "a\\u0000b") }', undefined],
  ])('rejects NUL in %s as BAD_USER_INPUT (HTTP 200, so a gateway merges it) before any resolver runs', async (_n, query, variables) => {
    const before = seen.length;
    const { status, result } = await run(query, variables);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
      { message: 'Text arguments must not contain the NUL character (\\u0000).', extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    expect(status).toBe(200);
    expect(seen.length).toBe(before);
  });
});
