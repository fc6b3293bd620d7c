import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useUncacheableHeader, usesCacheControl } from './useUncacheableHeader.js';

const TYPE_DEFS = 'type Query { hello: String, boom: String }';
const resolvers = { Query: { hello: () => 'hi', boom: () => { throw new Error('boom'); } } };

describe('useUncacheableHeader', () => {
  let stock: ApolloServer;
  let ours: ApolloServer;

  beforeAll(async () => {
    // Apollo's own cache-control plugin (installed by default) against ours with it disabled.
    stock = new ApolloServer({ typeDefs: TYPE_DEFS, resolvers });
    ours = new ApolloServer({ typeDefs: TYPE_DEFS, resolvers, plugins: [ApolloServerPluginCacheControlDisabled(), useUncacheableHeader()] });
    await Promise.all([stock.start(), ours.start()]);
  });
  afterAll(async () => {
    await Promise.all([stock?.stop(), ours?.stop()]);
  });

  it('finds @cacheControl only in schemas that use it', () => {
    expect(usesCacheControl(parse('type Query { a: Int @cacheControl(maxAge: 30) }'))).toBe(true);
    expect(usesCacheControl(parse('type T @cacheControl(inheritMaxAge: true) { a: Int } type Query { t: T }'))).toBe(true);
    expect(usesCacheControl(parse(TYPE_DEFS))).toBe(false);
    expect(usesCacheControl(parse('directive @cacheControl(maxAge: Int) on FIELD_DEFINITION type Query { a: Int }'))).toBe(false);
  });

  it('sends the header Apollo’s plugin sends for a schema without hints, on data and on errors', async () => {
    for (const query of ['{ hello }', '{ boom }', '{ nope }']) {
      const [a, b] = await Promise.all([stock.executeOperation({ query }), ours.executeOperation({ query })]);
      expect(b.http.headers.get('cache-control')).toBe(a.http.headers.get('cache-control'));
      expect(b.http.headers.get('cache-control')).toBe('no-store');
    }
  });
});
