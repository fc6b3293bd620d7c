// The gateway is a general federation gateway: it serves any team's Federation 2 subgraphs,
// from a supergraph file or by introspecting them, without knowing anything about OrderGraph.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@ordergraph/core';
import { createGateway, loadGatewayConfig, type Gateway } from '@ordergraph/gateway';

const USERS_SDL = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    users: [User!]!
  }
  type User @key(fields: "id") {
    id: ID!
    name: String!
  }
`);

// Extends the users team's User entity with `reviews`, and points back at it from Review.author.
const REVIEWS_SDL = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query {
    latestReviews: [Review!]!
    brokenReview: Review
  }
  type Review {
    id: ID!
    body: String!
    stars: Int!
    author: User!
  }
  type User @key(fields: "id") {
    id: ID!
    reviews: [Review!]!
  }
`);

const USERS = [
  { id: 'u1', name: 'Ada' },
  { id: 'u2', name: 'Grace' },
];
const REVIEWS = [
  { id: 'r1', authorId: 'u1', body: 'Great', stars: 5 },
  { id: 'r2', authorId: 'u2', body: 'Meh', stars: 3 },
  { id: 'r3', authorId: 'u1', body: 'Fine', stars: 4 },
];

type Review = (typeof REVIEWS)[number];
const usersResolvers: GraphQLResolverMap = {
  Query: { users: () => USERS },
  User: { __resolveReference: (ref: { id: string }) => USERS.find((u) => u.id === ref.id) ?? null },
};
const reviewsResolvers: GraphQLResolverMap = {
  Query: {
    latestReviews: () => REVIEWS,
    brokenReview: () => {
      throw new GraphQLError('The review store is read-only today.', { extensions: { code: 'REVIEWS_READ_ONLY' } });
    },
  },
  Review: { author: (review: Review) => ({ __typename: 'User', id: review.authorId }) },
  User: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    reviews: (user: { id: string }) => REVIEWS.filter((r) => r.authorId === user.id),
  },
};

/** What only both subgraphs together can answer, in both directions across the entity. */
const SPANNING_QUERY = '{ users { id name reviews { body stars } } latestReviews { body author { name } } }';
const SPANNING_DATA = {
  users: [
    { id: 'u1', name: 'Ada', reviews: [{ body: 'Great', stars: 5 }, { body: 'Fine', stars: 4 }] },
    { id: 'u2', name: 'Grace', reviews: [{ body: 'Meh', stars: 3 }] },
  ],
  latestReviews: [
    { body: 'Great', author: { name: 'Ada' } },
    { body: 'Meh', author: { name: 'Grace' } },
    { body: 'Fine', author: { name: 'Ada' } },
  ],
};

interface ForeignSubgraph {
  url: string;
  /** Operations it has served, by operation name or "anonymous". */
  operations: string[];
  server: ApolloServer;
}

/** A plain Apollo Server subgraph, as another team would run it: nothing from OrderGraph. */
async function startForeignSubgraph(typeDefs: ReturnType<typeof parse>, resolvers: GraphQLResolverMap): Promise<ForeignSubgraph> {
  const operations: string[] = [];
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      { requestDidStart: async ({ request }) => void operations.push(request.operationName ?? 'anonymous') },
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url: new URL('/graphql', url).toString(), operations, server };
}

async function post(url: string, query: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: await response.json() };
}

let users: ForeignSubgraph;
let reviews: ForeignSubgraph;
let dir: string;
let gateway: Gateway | null = null;

/** Compose `subgraphs` (name → url) with @apollo/composition into a supergraph file. */
async function composeToFile(subgraphs: Record<string, string>, file: string): Promise<string> {
  const sdl = { users: USERS_SDL, reviews: REVIEWS_SDL } as Record<string, ReturnType<typeof parse>>;
  const result = composeServices(
    Object.entries(subgraphs).map(([name, url]) => ({ name, url, typeDefs: sdl[name.replace(/-v2$/, '')]! })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  const target = path.join(dir, file);
  await writeFile(target, result.supergraphSdl);
  return target;
}

async function startGateway(env: Record<string, string>): Promise<string> {
  const config = loadGatewayConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', ...env });
  gateway = createGateway(config);
  return gateway.start(config.port, config.host);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'og-foreign-'));
  [users, reviews] = await Promise.all([startForeignSubgraph(USERS_SDL, usersResolvers), startForeignSubgraph(REVIEWS_SDL, reviewsResolvers)]);
});
afterEach(async () => {
  await gateway?.stop();
  gateway = null;
});
afterAll(async () => {
  await Promise.all([users?.server.stop(), reviews?.server.stop()]);
  await rm(dir, { recursive: true, force: true });
});

describe('a gateway over another team’s subgraphs', () => {
  it('serves a query spanning both subgraphs from a composed supergraph file (SUPERGRAPH_PATH)', async () => {
    const file = await composeToFile({ users: users.url, reviews: reviews.url }, 'supergraph.graphql');
    const url = await startGateway({ SUPERGRAPH_PATH: file });
    const before = { users: users.operations.length, reviews: reviews.operations.length };

    const { status, body } = await post(url, SPANNING_QUERY);
    expect(status).toBe(200);
    expect(body).toEqual({ data: SPANNING_DATA });
    // Both subgraphs took part (the gateway also resolved User entities across them).
    expect(users.operations.length).toBeGreaterThan(before.users);
    expect(reviews.operations.length).toBeGreaterThan(before.reviews);

    const ready = await fetch(url.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks).toEqual({
      supergraph: 'ok',
      'subgraph:users': 'ok',
      'subgraph:reviews': 'ok',
    });
  });

  it('keeps a foreign subgraph’s own error code', async () => {
    const file = await composeToFile({ users: users.url, reviews: reviews.url }, 'supergraph.graphql');
    const url = await startGateway({ SUPERGRAPH_PATH: file });
    const { body } = await post(url, '{ brokenReview { body } users { name } }');
    expect(body.data).toEqual({ brokenReview: null, users: [{ name: 'Ada' }, { name: 'Grace' }] });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({
      message: 'The review store is read-only today.',
      path: ['brokenReview'],
      extensions: { code: 'REVIEWS_READ_ONLY', serviceName: 'reviews' },
    });
  });

  it('routes to SUBGRAPH_URL_<NAME> overrides, also for names a variable cannot spell exactly', async () => {
    const unreachable = 'http://127.0.0.1:9/graphql';
    const file = await composeToFile({ users: unreachable, 'reviews-v2': unreachable }, 'unreachable.graphql');

    const control = await startGateway({ SUPERGRAPH_PATH: file });
    const failed = await post(control, SPANNING_QUERY);
    expect(failed.body.data ?? null).toBeNull(); // the file's URLs really lead nowhere
    expect(failed.body.errors?.length).toBeGreaterThan(0);
    await gateway?.stop();

    const url = await startGateway({ SUPERGRAPH_PATH: file, SUBGRAPH_URL_USERS: users.url, SUBGRAPH_URL_REVIEWS_V2: reviews.url });
    expect((await post(url, SPANNING_QUERY)).body).toEqual({ data: SPANNING_DATA });
    const ready = (await (await fetch(url.replace('/graphql', '/health/ready'))).json()) as { ready: boolean; checks: object };
    expect(ready).toEqual({ status: 'ready', ready: true, checks: { supergraph: 'ok', 'subgraph:users': 'ok', 'subgraph:reviews-v2': 'ok' } });
  });

  it('composes at start-up by introspecting the subgraphs (INTROSPECT_SUBGRAPHS, no file)', async () => {
    const url = await startGateway({ INTROSPECT_SUBGRAPHS: `users=${users.url},reviews=${reviews.url}` });
    expect((await post(url, SPANNING_QUERY)).body).toEqual({ data: SPANNING_DATA });
    // Not our supergraph: OrderGraph's own fields are not there.
    const ours = await post(url, '{ products { totalCount } }');
    expect(ours.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a SUPERGRAPH_PATH that does not exist, naming the variable', async () => {
    const missing = path.join(dir, 'no-such-supergraph.graphql');
    const config = loadGatewayConfig({ SUPERGRAPH_PATH: missing, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test' });
    let error: unknown;
    try {
      // The file is read once, when the gateway starts (it also follows later changes of it).
      gateway = createGateway(config);
      await gateway.start(0, '127.0.0.1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`SUPERGRAPH_PATH: cannot read the supergraph file at ${missing}`);
  });
});
