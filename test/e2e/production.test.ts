// The whole stack in production mode: internals are masked, the graph is not browsable,
// client errors still explain themselves, and it refuses to start without real secrets.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk, loadAccountsConfig } from '@ordergraph/accounts';
import { ConfigError } from '@ordergraph/core';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { loadGatewayConfig } from '@ordergraph/gateway';
import { startTestStack, type GraphQLResponse, type TestStack } from '@ordergraph/testing';

const randomSecret = () => randomBytes(30).toString('base64url'); // 40 characters
const SECRETS = { JWT_SECRET: randomSecret(), IDENTITY_SECRET: randomSecret(), SERVICE_TOKEN_SECRET: randomSecret() };
const alice = DEMO_CUSTOMERS[1]!;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ NODE_ENV: 'production', ...SECRETS, JWT_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('ES256')]) });
});
afterAll(async () => {
  await stack?.stop();
});

/** No stack trace and no internal detail anywhere in a response. */
function expectNoInternals(response: GraphQLResponse, ...internals: string[]) {
  const text = JSON.stringify(response.body);
  expect(text).not.toContain('stacktrace');
  expect(text).not.toMatch(/\n\s+at /);
  for (const internal of internals) expect(text).not.toContain(internal);
}

describe('production mode', () => {
  it('still serves the graph, with identity forwarded under the production secrets', async () => {
    const token = await stack.signIn(alice.email, alice.password);
    const { body } = await stack.gql('{ me { email orders(first: 1) { edges { node { payment { status } items { product { name } } } } } } }', {}, { token });
    expect(body.errors).toBeUndefined();
    expect(body.data.me.email).toBe(alice.email);
    expect(body.data.me.orders.edges[0].node.items[0].product.name).toEqual(expect.any(String));
  });

  it('masks an internal failure (a subgraph losing its table) and sends no stack trace', async () => {
    const products = stack.subgraphs.products.database.db;
    // A real internal failure: the products database no longer matches what Prisma expects.
    await products.session((s) => s.exec('ALTER TABLE "Product" RENAME TO "Product_moved_away"'));
    try {
      const viaGateway = await stack.gql('{ products(first: 1) { totalCount } }');
      expect(viaGateway.body.data ?? null).toBeNull();
      expect(viaGateway.body.errors).toEqual([
        { message: 'Internal server error.', path: ['products'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      expectNoInternals(viaGateway, 'Product_moved_away', 'does not exist', 'prisma', 'Prisma');

      // The subgraph masks it too, for anyone reaching it without the gateway.
      const direct = await stack.gql('{ products(first: 1) { totalCount } }', {}, { url: stack.subgraphs.products.url });
      expect(direct.body.errors?.[0]).toMatchObject({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expectNoInternals(direct, 'Product_moved_away', 'does not exist', 'prisma', 'Prisma');
    } finally {
      await products.session((s) => s.exec('ALTER TABLE "Product_moved_away" RENAME TO "Product"'));
    }
    const recovered = await stack.gql('{ products(first: 1) { totalCount } }');
    expect(recovered.body.errors).toBeUndefined();
  });

  it('does not serve Apollo Sandbox to a browser', async () => {
    const response = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    const text = await response.text();
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(text.toLowerCase()).not.toContain('sandbox');
    expect(text).not.toContain('<html');
  });

  it.each([
    ['__schema', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "Order") { fields { name } } }'],
  ])('rejects introspection through %s', async (_name, query) => {
    const response = await stack.gql(query);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors?.[0]?.message).toMatch(/introspection/i);
    expectNoInternals(response);
  });

  it('still answers __typename (not introspection of the schema)', async () => {
    expect((await stack.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('lets client errors explain themselves, without stack traces', async () => {
    const page = await stack.gql('{ products(first: 101) { totalCount } }');
    expect(page.body.errors?.[0]).toMatchObject({
      message: '"first" must be an integer from 0 to 100; received 101.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expectNoInternals(page);

    const cursor = await stack.gql('{ products(after: "not-a-cursor") { totalCount } }');
    expect(cursor.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(cursor.body.errors?.[0]?.message).toContain('Invalid cursor');
    expectNoInternals(cursor);

    const password = await stack.gql(`mutation { signIn(email: "${alice.email}", password: "wrong-password") { accessToken } }`);
    expect(password.body.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expectNoInternals(password);

    const parse = await stack.gql('{ products { ');
    expect(parse.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expectNoInternals(parse);
  });
});

describe('bad input that once reached PostgreSQL and came back as an internal error', () => {
  const cursor = (k: unknown, id: unknown) => Buffer.from(JSON.stringify([k, id])).toString('base64url');

  it.each([
    ['NUL in a search', 'query($v: String) { products(search: $v) { totalCount } }', 'a\u0000b'],
    ['NUL in an id', 'query($v: ID!) { product(id: $v) { id } }', 'p\u0000'],
    ['NUL in a sign-in email', 'mutation($v: String!) { signIn(email: $v, password: "whatever-123") { accessToken } }', 'a\u0000@x.dev'],
    ['NUL inside a cursor', 'query($v: String) { products(after: $v) { totalCount } }', cursor('a\u0000', 'x')],
    ['a product cursor on a customer’s orders', 'query($v: String) { me { orders(after: $v) { totalCount } } }', cursor('Ember', 'x')],
    ['a product cursor on orders', 'query($v: String) { orders(after: $v) { totalCount } }', cursor('Ember', 'x')],
  ])('%s is BAD_USER_INPUT', async (_name, query, value) => {
    const token = await stack.signIn(alice.email, alice.password);
    const response = await stack.gql(query, { v: value }, { token });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).not.toBe('Internal server error.');
    expectNoInternals(response, 'prisma', 'Prisma');
  });
});

describe('production configuration', () => {
  it('refuses accounts without JWT_SIGNING_KEYS, and a weak JWT_SECRET at the gateway, naming them', () => {
    const env = { NODE_ENV: 'production', IDENTITY_SECRET: SECRETS.IDENTITY_SECRET, SERVICE_TOKEN_SECRET: SECRETS.SERVICE_TOKEN_SECRET };
    expect(() => loadAccountsConfig(env)).toThrow(ConfigError);
    expect(() => loadAccountsConfig(env)).toThrow(/JWT_SIGNING_KEYS: required in production/);
    expect(() => loadGatewayConfig(env)).not.toThrow(); // HS256 is optional at the gateway
    expect(() => loadGatewayConfig({ ...env, JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET/);
  });

  it('requires SERVICE_TOKEN_SECRET in every subgraph but never in the gateway', () => {
    const env = { NODE_ENV: 'production', IDENTITY_SECRET: SECRETS.IDENTITY_SECRET };
    expect(() => loadGatewayConfig(env)).not.toThrow();
    expect(() => loadAccountsConfig(env)).toThrow(/SERVICE_TOKEN_SECRET: required in production/);
  });

  it('refuses to start the stack without secrets', async () => {
    await expect(startTestStack({ NODE_ENV: 'production' })).rejects.toThrow(ConfigError);
  });
});
