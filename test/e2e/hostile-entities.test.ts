import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '@ordergraph/accounts';
import { IDENTITY_HEADER, IdentityCodec } from '@ordergraph/core';
import { DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

// `_entities` sent straight to each subgraph with hostile representations (production mode).
// Before the entity guard, an array id next to an unknown __typename made products (and, with an
// identity, orders and payments) exit: one reference's load rejected after the loop had thrown
// on the next one, and nobody handled that rejection.
let stack: TestStack;
let identity: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const alice = DEMO_CUSTOMERS[1]!;
const aliceOrder = DEMO_ORDERS.find((o) => o.customerId === alice.id)!;
const bob = DEMO_CUSTOMERS[2]!;
/** Entity types each subgraph resolves, with an id that exists (or at least has the right form). */
const ENTITIES = {
  accounts: { Customer: alice.id },
  products: { Product: DEMO_PRODUCTS[0]!.id },
  orders: { Order: aliceOrder.id, Customer: alice.id },
  payments: { Payment: '00000000-0000-4000-8000-000000000000', Order: aliceOrder.id },
} as const;
type Subgraph = keyof typeof ENTITIES;

const ENTITIES_QUERY = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';

async function entities(subgraph: Subgraph, representations: unknown, withIdentity: boolean) {
  const response = await fetch(stack.subgraphs[subgraph].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(withIdentity ? { [IDENTITY_HEADER]: identity } : {}) },
    body: JSON.stringify({ query: ENTITIES_QUERY, variables: { r: representations } }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

/** Representations that must each be refused as BAD_USER_INPUT, for an entity type of the subgraph. */
function hostile(typename: string, validId: string): Array<[string, unknown[]]> {
  return [
    ['array id', [{ __typename: typename, id: ['a', 'b'] }]],
    ['object id', [{ __typename: typename, id: { in: ['a'] } }]],
    ['number id', [{ __typename: typename, id: 5 }]],
    ['null id', [{ __typename: typename, id: null }]],
    ['empty id', [{ __typename: typename, id: '' }]],
    ['huge id', [{ __typename: typename, id: 'x'.repeat(200_000) }]],
    ['missing key', [{ __typename: typename }]],
    ['unknown __typename', [{ __typename: 'Nope', id: validId }]],
    ['__typename of a non-entity', [{ __typename: 'Query', id: validId }]],
    ['__typename a number', [{ __typename: 7, id: validId }]],
    ['no __typename', [{ id: validId }]],
    ['representation is an array', [[typename, validId]]],
    ['representation is a string', [typename]],
    ['representation is a number', [42]],
    // The shape that crashed: a pending load, then a failure at once.
    ['array id next to an unknown __typename', [{ __typename: typename, id: ['a'] }, { __typename: 'Nope', id: ['b'] }]],
    ['valid reference next to an unknown __typename', [{ __typename: typename, id: validId }, { __typename: 'Nope', id: validId }]],
    ['valid reference next to an object id', [{ __typename: typename, id: validId }, { __typename: typename, id: { a: 1 } }]],
    ['10,001 representations', Array.from({ length: 10_001 }, () => ({ __typename: typename, id: validId }))],
  ];
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  const identitySecret = randomBytes(48).toString('base64url');
  stack = await startTestStack({
    NODE_ENV: 'production',
    IDENTITY_SECRET: identitySecret,
    SERVICE_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    JWT_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('ES256')]),
  });
  identity = await new IdentityCodec(identitySecret).sign({ customerId: alice.id, role: alice.role });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await stack?.stop();
});

describe('hostile _entities representations, straight to each subgraph (production mode)', () => {
  for (const subgraph of Object.keys(ENTITIES) as Subgraph[]) {
    it(`${subgraph}: each is refused as BAD_USER_INPUT, nothing crashes, the service serves after`, async () => {
      const failures: string[] = [];
      for (const [typename, validId] of Object.entries(ENTITIES[subgraph])) {
        for (const [name, representations] of hostile(typename, validId)) {
          for (const withIdentity of [false, true]) {
            const { status, body } = await entities(subgraph, representations, withIdentity);
            const code = body.errors?.[0]?.extensions?.code;
            if (status >= 500 || code !== 'BAD_USER_INPUT') failures.push(`${typename} ${name}${withIdentity ? ' (identity)' : ''}: ${status} ${code}`);
          }
        }
      }
      expect(failures).toEqual([]);
      // The loads that a refused request started must not surface as unhandled rejections.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      const ready = await fetch(stack.subgraphs[subgraph].url.replace('/graphql', '/health/ready'));
      expect(ready.status).toBe(200);
      const [typename, validId] = Object.entries(ENTITIES[subgraph])[0]!;
      const served = await entities(subgraph, [{ __typename: typename, id: validId }], true);
      expect(served.body.errors).toBeUndefined();
      expect(served.body.data._entities).toHaveLength(1);
    });
  }

  it('a type this subgraph only references (resolvable: false) is refused', async () => {
    const { body } = await entities('orders', [{ __typename: 'Product', id: DEMO_PRODUCTS[0]!.id }], true);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("a reference refused at once (another customer's profile) next to a pending load is that item's error", async () => {
    const { status, body } = await entities('accounts', [{ __typename: 'Customer', id: alice.id }, { __typename: 'Customer', id: bob.id }], true);
    expect(status).toBe(200);
    expect(body.data._entities[0]).toEqual({ __typename: 'Customer' });
    expect(body.data._entities[1]).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});
