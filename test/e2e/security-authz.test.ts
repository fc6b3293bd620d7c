import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRETS, IdentityCodec, type Identity } from '@ordergraph/core';
import { DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

// Authorization declared in the schema, and IDOR for every object type: a customer reaches
// only their own profile, orders and payments, through the gateway or straight at a subgraph
// with a validly signed identity; catalog writes are ADMIN-only.
const [admin, alice, bob] = DEMO_CUSTOMERS as [(typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0]];
const bobsOrder = DEMO_ORDERS.find((o) => o.customerId === bob.id)!;
const alicesOrder = DEMO_ORDERS.find((o) => o.customerId === alice.id)!;
const product = DEMO_PRODUCTS[3]!;
const codec = new IdentityCodec(DEV_SECRETS.IDENTITY_SECRET);
const asAlice: Identity = { customerId: alice.id, role: 'CUSTOMER' };
const asAdmin: Identity = { customerId: admin.id, role: 'ADMIN' };

let stack: TestStack;
const code = (r: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => r.body.errors?.[0]?.extensions?.code;

/** Straight at a subgraph, bypassing the gateway, with an identity header signed like the gateway's. */
async function direct(subgraph: keyof TestStack['subgraphs'], query: string, variables: Record<string, unknown>, identity: Identity | null) {
  const headers: Record<string, string> = identity ? { 'x-ordergraph-identity': await codec.sign(identity) } : {};
  return stack.gql(query, variables, { url: stack.subgraphs[subgraph].url, headers });
}
const ENTITIES = (fragment: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ${fragment} } }`;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('Customer', () => {
  it('through the gateway, `me` is always the caller', async () => {
    const r = await stack.gql('{ me { id email } }', {}, { token: await stack.signIn(alice.email, alice.password) });
    expect(r.body.data.me).toEqual({ id: alice.id, email: alice.email });
  });

  it("another customer's profile is FORBIDDEN at the accounts subgraph; the owner and an ADMIN may read it", async () => {
    const q = ENTITIES('... on Customer { email }');
    const r = { r: [{ __typename: 'Customer', id: bob.id }] };
    expect(code(await direct('accounts', q, r, asAlice))).toBe('FORBIDDEN');
    expect(code(await direct('accounts', q, r, null))).toBe('FORBIDDEN');
    expect((await direct('accounts', q, r, asAdmin)).body.data._entities[0].email).toBe(bob.email);
    expect((await direct('accounts', q, r, { customerId: bob.id, role: 'CUSTOMER' })).body.data._entities[0].email).toBe(bob.email);
  });

  it("another customer's order list is FORBIDDEN at the orders subgraph, and needs a sign-in at all", async () => {
    const q = ENTITIES('... on Customer { orders { totalCount } }');
    const r = { r: [{ __typename: 'Customer', id: bob.id }] };
    expect(code(await direct('orders', q, r, asAlice))).toBe('FORBIDDEN');
    expect(code(await direct('orders', q, r, null))).toBe('UNAUTHENTICATED');
    expect((await direct('orders', q, r, asAdmin)).body.data._entities[0].orders.totalCount).toBeGreaterThan(0);
  });
});

describe('Order', () => {
  it("another customer's order is null through the gateway, visible to its owner and an ADMIN", async () => {
    const q = 'query($id: ID!) { order(id: $id) { id } }';
    expect((await stack.gql(q, { id: bobsOrder.id }, { token: await stack.signIn(alice.email, alice.password) })).body.data.order).toBeNull();
    expect((await stack.gql(q, { id: bobsOrder.id }, { token: await stack.signIn(bob.email, bob.password) })).body.data.order).toEqual({ id: bobsOrder.id });
    expect((await stack.gql(q, { id: bobsOrder.id }, { token: await stack.signIn(admin.email, admin.password) })).body.data.order).toEqual({ id: bobsOrder.id });
  });

  it('anonymous callers are refused (401) before any subgraph is called', async () => {
    const r = await stack.gql('query($id: ID!) { order(id: $id) { id } }', { id: alicesOrder.id });
    expect(r.status).toBe(401);
    expect(code(r)).toBe('UNAUTHENTICATED');
    expect(r.body.data).toBeUndefined();
  });

  it("another customer's order resolves to null at the orders subgraph", async () => {
    const q = ENTITIES('... on Order { id status }');
    expect((await direct('orders', q, { r: [{ __typename: 'Order', id: bobsOrder.id }] }, asAlice)).body.data._entities).toEqual([null]);
    expect(code(await direct('orders', q, { r: [{ __typename: 'Order', id: bobsOrder.id }] }, null))).toBe('UNAUTHENTICATED');
  });
});

describe('Payment', () => {
  it("another customer's payment is null at the payments subgraph, by payment id and through its order", async () => {
    const byId = ENTITIES('... on Payment { id status }');
    const byOrder = ENTITIES('... on Order { payment { id status } }');
    expect((await direct('payments', byId, { r: [{ __typename: 'Payment', id: bobsOrder.payment.id }] }, asAlice)).body.data._entities).toEqual([null]);
    expect((await direct('payments', byOrder, { r: [{ __typename: 'Order', id: bobsOrder.id }] }, asAlice)).body.data._entities).toEqual([{ payment: null }]);
    const own = await direct('payments', byOrder, { r: [{ __typename: 'Order', id: alicesOrder.id }] }, asAlice);
    expect(own.body.data._entities[0].payment.id).toBe(alicesOrder.payment.id);
    const asAdminById = await direct('payments', byId, { r: [{ __typename: 'Payment', id: bobsOrder.payment.id }] }, asAdmin);
    expect(asAdminById.body.data._entities[0].id).toBe(bobsOrder.payment.id);
  });

  it('needs a sign-in even with a correct id', async () => {
    const r = await direct('payments', ENTITIES('... on Payment { id }'), { r: [{ __typename: 'Payment', id: alicesOrder.payment.id }] }, null);
    expect(code(r)).toBe('UNAUTHENTICATED');
  });
});

describe('Product writes (ADMIN only)', () => {
  const UPDATE = 'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id name priceAmount: price { amount } } }';

  it('anonymous: 401 UNAUTHENTICATED; customer: 403 FORBIDDEN; nothing changes', async () => {
    const anonymous = await stack.gql(UPDATE, { id: product.id, input: { priceAmount: 1 } });
    expect(anonymous.status).toBe(401);
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
    const customer = await stack.gql(UPDATE, { id: product.id, input: { priceAmount: 1 } }, { token: await stack.signIn(alice.email, alice.password) });
    expect(customer.status).toBe(403);
    expect(code(customer)).toBe('FORBIDDEN');
    const now = await stack.gql('query($id: ID!) { product(id: $id) { price { amount } } }', { id: product.id });
    expect(now.body.data.product.price.amount).toBe(product.priceAmount);
  });

  it('a customer going straight to the products subgraph is FORBIDDEN; a forged ADMIN header is ignored', async () => {
    expect(code(await direct('products', UPDATE, { id: product.id, input: { priceAmount: 1 } }, asAlice))).toBe('FORBIDDEN');
    const forged = await new IdentityCodec('not-the-gateway-secret-but-long-enough').sign(asAdmin);
    const r = await stack.gql(UPDATE, { id: product.id, input: { priceAmount: 1 } }, { url: stack.subgraphs.products.url, headers: { 'x-ordergraph-identity': forged } });
    expect(code(r)).toBe('UNAUTHENTICATED');
  });

  it('an ADMIN can change a product; bad input is BAD_USER_INPUT and an unknown id NOT_FOUND', async () => {
    const token = await stack.signIn(admin.email, admin.password);
    const ok = await stack.gql(UPDATE, { id: product.id, input: { name: 'Renamed by admin' } }, { token });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.updateProduct).toMatchObject({ id: product.id, name: 'Renamed by admin' });
    expect(code(await stack.gql(UPDATE, { id: product.id, input: { priceAmount: -5 } }, { token }))).toBe('BAD_USER_INPUT');
    expect(code(await stack.gql(UPDATE, { id: 'no-such-product', input: { name: 'x' } }, { token }))).toBe('NOT_FOUND');
  });
});

describe('the gateway check covers the whole operation', () => {
  it('a guarded field anywhere (even in a fragment) refuses the operation for anonymous callers', async () => {
    const r = await stack.gql('query { products(first: 1) { totalCount } ...F } fragment F on Query { orders { totalCount } }');
    expect(r.status).toBe(401);
    expect(code(r)).toBe('UNAUTHENTICATED');
  });

  it('public fields stay public', async () => {
    const r = await stack.gql('{ products(first: 1) { totalCount } me { id } }');
    expect(r.status).toBe(200);
    expect(r.body.data.me).toBeNull();
  });
});
