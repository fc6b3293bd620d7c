import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRETS, IdentityCodec } from '@ordergraph/core';
import { DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startStockGateway, startTestStack, type TestStack } from '@ordergraph/testing';

// Our executor (cached plans, own plan walk, undici data sources) must answer exactly as stock
// @apollo/gateway does over the same subgraphs: data, nulls, key order, errors and paths.
let stack: TestStack;
let stock: { url: string; stop: () => Promise<void> };
const [admin, alice, bob] = DEMO_CUSTOMERS as [(typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0]];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, s.url]));
  stock = await startStockGateway({ ...urls, NODE_ENV: 'test' });
  for (const c of [admin, alice]) tokens[c.email] = await stack.signIn(c.email, c.password);
});
afterAll(async () => {
  await stock?.stop();
  await stack?.stop();
});

type Caller = 'anonymous' | 'admin' | 'alice';

/** Stack traces differ by construction (different code ran); everything else must match. */
function normalise(body: any): unknown {
  return JSON.parse(JSON.stringify(body), (key, value) => (key === 'stacktrace' ? undefined : value));
}

async function both(query: string, variables: Record<string, unknown> = {}, caller: Caller = 'anonymous', operationName?: string) {
  const customer = caller === 'admin' ? admin : caller === 'alice' ? alice : null;
  const body = JSON.stringify({ query, variables, operationName });
  const identity = customer ? await new IdentityCodec(DEV_SECRETS.IDENTITY_SECRET).sign({ customerId: customer.id, role: customer.role }) : null;
  const post = (url: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const [oursRes, stockRes] = await Promise.all([
    post(stack.gatewayUrl, customer ? { authorization: `Bearer ${tokens[customer.email]}` } : {}),
    post(stock.url, identity ? { 'x-ordergraph-identity': identity } : {}),
  ]);
  const ours = { status: oursRes.status, body: normalise(await oursRes.json()) };
  const theirs = { status: stockRes.status, body: normalise(await stockRes.json()) };
  return { ours, stock: theirs };
}

const CORPUS: Array<[name: string, query: string, variables?: Record<string, unknown>, caller?: Caller, operationName?: string]> = [
  [
    'a query spanning all four subgraphs',
    `{ orders(first: 30) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status createdAt total { amount currency }
        items { quantity unitPrice { amount } product { id name sku inventory { available reserved } } }
        payment { id status amount { amount } order { id } } customer { id email name role orders(first: 2) { totalCount } } } } } }`,
    {},
    'admin',
  ],
  ['aliases, named and inline fragments, __typename', `query Cat { first: products(first: 3) { edges { node { ...Card __typename } } } ember: products(search: "ember") { totalCount edges { node { ... on Product { label: name } } } } }
    fragment Card on Product { id title: name cost: price { amount currency __typename } inventory { __typename available } }`],
  ['variables with defaults, @include and @skip (true/false)', `query V($first: Int = 4, $inv: Boolean!, $noPrice: Boolean!) { products(first: $first) { edges { node { id inventory @include(if: $inv) { available } price @skip(if: $noPrice) { amount } } } } }`, { inv: true, noPrice: false }],
  ['variables with defaults, @include and @skip (false/true)', `query V($first: Int = 4, $inv: Boolean!, $noPrice: Boolean!) { products(first: $first) { edges { node { id inventory @include(if: $inv) { available } price @skip(if: $noPrice) { amount } } } } }`, { inv: false, noPrice: true }],
  ['a null entity and a null root field', `query($id: ID!) { product(id: "no-such-product") { id } order(id: $id) { id payment { status } } }`, { id: DEMO_ORDERS.find((o) => o.customerId === bob.id)!.id }, 'alice'],
  ['a subgraph error with its code and path', '{ products(first: -1) { totalCount } }'],
  // A signed-in caller: for anonymous ones our gateway refuses @authenticated fields before planning (401).
  ['an error in one root field, data in another', '{ orders(first: -1) { totalCount } products(first: 1) { totalCount } }', {}, 'alice'],
  ['an entity fetch on behalf of a customer', `{ me { email orders(first: 5) { edges { node { id items { product { name } } payment { status } } } } } }`, {}, 'alice'],
  ['a variable of the wrong type', 'query($n: Int) { products(first: $n) { totalCount } }', { n: 'ten' }],
  ['a missing required variable', 'query($id: ID!) { product(id: $id) { id } }', {}],
  ['the named operation among several', 'query A { products(first: 1) { totalCount } } query B { product(id: "x") { id } }', {}, 'anonymous', 'B'],
  ['introspection mixed with data', `{ __typename __type(name: "Money") { name kind fields { name } } product(id: "${DEMO_PRODUCTS[3]!.id}") { __typename name } }`],
  ['a mutation error', 'mutation { signIn(email: "alice@ordergraph.dev", password: "wrong-password") { accessToken } }'],
];

describe('our executor answers exactly as stock @apollo/gateway', () => {
  it.each(CORPUS)('%s', async (_name, query, variables = {}, caller = 'anonymous', operationName) => {
    const { ours, stock: theirs } = await both(query, variables, caller, operationName);
    expect(ours).toEqual(theirs);
  });

  it('the corpus covers data, nulls and errors (the comparison is not vacuous)', async () => {
    const spanning = await both(CORPUS[0]![1], {}, 'admin');
    expect((spanning.ours.body as any).data.orders.edges).toHaveLength(DEMO_ORDERS.length);
    const failing = await both(CORPUS[5]![1]);
    expect((failing.ours.body as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((failing.ours.body as any).errors[0].path).toEqual(['products']);
  });

  it('plans and parses each operation once (cache metrics)', async () => {
    const before = stack.gateway.operationCacheStats()!;
    await both(CORPUS[1]![1]);
    await both(CORPUS[1]![1]);
    const after = stack.gateway.operationCacheStats()!;
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(1);
    expect(after.misses - before.misses).toBeLessThanOrEqual(1);
  });
});
