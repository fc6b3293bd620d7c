import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

let stack: TestStack;
const [admin, alice, bob] = DEMO_CUSTOMERS as [(typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0]];

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const SPANNING_QUERY = /* GraphQL */ `
  query Me {
    me {
      email
      role
      orders(first: 50) {
        totalCount
        edges {
          node {
            id
            status
            total { amount currency }
            customer { email }
            items { quantity unitPrice { amount } product { name inventory { available } } }
            payment { status amount { amount } order { id } }
          }
        }
      }
    }
  }
`;

describe('catalog (anonymous)', () => {
  it('pages through every product with stable cursors and no duplicates', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let totalCount = 0;
    do {
      const { body }: { body: any } = await stack.gql(
        'query P($after: String) { products(first: 25, after: $after) { totalCount edges { cursor node { id name price { amount currency } inventory { available reserved } } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(body.errors).toBeUndefined();
      const conn: any = body.data.products;
      totalCount = conn.totalCount;
      seen.push(...conn.edges.map((e: any) => e.node.id));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 10);
    expect(totalCount).toBe(DEMO_PRODUCTS.length);
    expect(seen).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(seen).size).toBe(DEMO_PRODUCTS.length);
    expect(pages).toBe(Math.ceil(DEMO_PRODUCTS.length / 25));
  });

  it('searches by name, case-insensitively, and reads a product by id', async () => {
    const { body } = await stack.gql('{ products(search: "eMbEr hEAD") { totalCount edges { node { id name sku price { amount } } } } }');
    expect(body.data.products.totalCount).toBe(1);
    const product = body.data.products.edges[0].node;
    expect(product.name).toBe('Ember Headphones');
    const demo = DEMO_PRODUCTS.find((p) => p.id === product.id)!;
    expect(product.price.amount).toBe(demo.priceAmount);

    const one = await stack.gql('query($id: ID!) { product(id: $id) { name inventory { available } } }', { id: product.id });
    expect(one.body.data.product).toEqual({ name: 'Ember Headphones', inventory: { available: demo.stock } });
  });

  it('returns null for an unknown product id', async () => {
    const { body } = await stack.gql('{ product(id: "no-such-product") { id } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.product).toBeNull();
  });
});

describe('identity and ownership', () => {
  it('serves one query spanning all four subgraphs for the signed-in customer', async () => {
    const token = await stack.signIn(alice.email, alice.password);
    const { body } = await stack.gql(SPANNING_QUERY, {}, { token });
    expect(body.errors).toBeUndefined();
    const me = body.data.me;
    expect(me).toMatchObject({ email: alice.email, role: 'CUSTOMER' });
    const mine = DEMO_ORDERS.filter((o) => o.customerId === alice.id);
    expect(me.orders.totalCount).toBe(mine.length);
    for (const { node } of me.orders.edges) {
      const demo = mine.find((o) => o.id === node.id)!;
      expect(node.customer.email).toBe(alice.email);
      expect(node.total.amount).toBe(demo.totalAmount);
      expect(node.items).toHaveLength(demo.items.length);
      expect(node.items.reduce((s: number, i: any) => s + i.quantity * i.unitPrice.amount, 0)).toBe(node.total.amount);
      expect(node.items.every((i: any) => typeof i.product.name === 'string' && i.product.inventory.available >= 0)).toBe(true);
      expect(node.payment).toEqual({ status: demo.payment.status, amount: { amount: demo.totalAmount }, order: { id: node.id } });
    }
  });

  it('lists only the caller’s orders, newest first; an ADMIN sees every order', async () => {
    const aliceToken = await stack.signIn(alice.email, alice.password);
    const adminToken = await stack.signIn(admin.email, admin.password);
    const q = '{ orders(first: 100) { totalCount edges { node { id createdAt customer { id } } } } }';
    const mine = (await stack.gql(q, {}, { token: aliceToken })).body.data.orders;
    expect(mine.edges.every((e: any) => e.node.customer.id === alice.id)).toBe(true);
    const times = mine.edges.map((e: any) => Date.parse(e.node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const all = (await stack.gql(q, {}, { token: adminToken })).body.data.orders;
    expect(all.totalCount).toBe(DEMO_ORDERS.length);
  });

  it('filters orders by status', async () => {
    const adminToken = await stack.signIn(admin.email, admin.password);
    const { body } = await stack.gql('{ orders(status: CANCELLED, first: 100) { totalCount edges { node { status } } } }', {}, { token: adminToken });
    expect(body.data.orders.totalCount).toBe(DEMO_ORDERS.filter((o) => o.status === 'CANCELLED').length);
    expect(body.data.orders.edges.every((e: any) => e.node.status === 'CANCELLED')).toBe(true);
  });

  it('pages orders with cursors in every filter shape (own or all, with or without status), same rows as one big page', async () => {
    const tokens = { alice: await stack.signIn(alice.email, alice.password), admin: await stack.signIn(admin.email, admin.password) };
    const q = `query($first: Int!, $after: String, $status: OrderStatus) {
      orders(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status total { amount } } } } }`;
    for (const who of ['alice', 'admin'] as const) {
      for (const status of [null, 'CONFIRMED'] as const) {
        const whole = (await stack.gql(q, { first: 100, status }, { token: tokens[who] })).body.data.orders;
        expect(whole.edges.length).toBe(whole.totalCount);
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const { body }: { body: any } = await stack.gql(q, { first: 2, after, status }, { token: tokens[who] });
          expect(body.errors).toBeUndefined();
          const page: any = body.data.orders;
          expect(page.totalCount).toBe(whole.totalCount);
          seen.push(...page.edges.map((e: any) => e.node.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(seen).toEqual(whole.edges.map((e: any) => e.node.id));
        // Past the last order: an empty page still counts the filter's orders.
        if (after !== null || seen.length > 0) {
          const last = (await stack.gql(q, { first: 100, status }, { token: tokens[who] })).body.data.orders.pageInfo.endCursor;
          const empty = (await stack.gql(q, { first: 5, after: last, status }, { token: tokens[who] })).body.data.orders;
          expect(empty).toEqual({ totalCount: whole.totalCount, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
        }
        const zero = (await stack.gql(q, { first: 0, status }, { token: tokens[who] })).body.data.orders;
        expect(zero.totalCount).toBe(whole.totalCount);
        if (who === 'alice') expect(whole.totalCount).toBe(DEMO_ORDERS.filter((o) => o.customerId === alice.id && (!status || o.status === status)).length);
        else expect(whole.totalCount).toBe(DEMO_ORDERS.filter((o) => !status || o.status === status).length);
      }
    }
  });

  it('hides another customer’s order (null, not an error) but shows it to an ADMIN', async () => {
    const bobsOrder = DEMO_ORDERS.find((o) => o.customerId === bob.id)!;
    const q = 'query($id: ID!) { order(id: $id) { id payment { status } customer { email } } }';
    const asAlice = await stack.gql(q, { id: bobsOrder.id }, { token: await stack.signIn(alice.email, alice.password) });
    expect(asAlice.body.data.order).toBeNull();
    const asAdmin = await stack.gql(q, { id: bobsOrder.id }, { token: await stack.signIn(admin.email, admin.password) });
    expect(asAdmin.body.data.order).toMatchObject({ id: bobsOrder.id, customer: { email: bob.email } });
  });

  it('requires a sign-in for orders and returns null for `me` when anonymous', async () => {
    const orders = await stack.gql('{ orders { totalCount } }');
    expect(orders.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const me = await stack.gql('{ me { id } }');
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data.me).toBeNull();
  });

  it('signs up a new customer who can then sign in and has no orders', async () => {
    const email = `new-${Date.now()}@example.com`;
    const signUp = await stack.gql(
      'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken tokenType expiresIn customer { email name role } } }',
      { input: { email: email.toUpperCase(), password: 'correct horse battery', name: 'New Person' } },
    );
    expect(signUp.body.errors).toBeUndefined();
    expect(signUp.body.data.signUp).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, customer: { email, role: 'CUSTOMER' } });
    const token = await stack.signIn(email, 'correct horse battery');
    const { body } = await stack.gql('{ me { email orders { totalCount } } }', {}, { token });
    expect(body.data.me).toEqual({ email, orders: { totalCount: 0 } });
  });

  it('ignores an identity header that was not signed by the gateway', async () => {
    const forged = await stack.gql('{ orders { totalCount } }', {}, {
      url: stack.subgraphs.orders.url,
      headers: { 'x-ordergraph-identity': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6IkFETUlOIn0.' },
    });
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('bad input gets a clear error with a stable code', () => {
  const code = (r: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => r.body.errors?.[0]?.extensions?.code;

  it.each([
    ['malformed query', '{ products { ', 'GRAPHQL_PARSE_FAILED'],
    ['unknown field', '{ products { nope } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['negative page size', '{ products(first: -1) { totalCount } }', 'BAD_USER_INPUT'],
    ['page size over 100', '{ products(first: 101) { totalCount } }', 'BAD_USER_INPUT'],
    ['garbage cursor', '{ products(after: "not-a-cursor") { totalCount } }', 'BAD_USER_INPUT'],
  ])('%s', async (_name, query, expected) => {
    expect(code(await stack.gql(query))).toBe(expected);
  });

  it('wrong variable type', async () => {
    const r = await stack.gql('query($n: Int) { products(first: $n) { totalCount } }', { n: 'ten' });
    expect(r.status).toBe(400);
    expect(code(r)).toBe('BAD_USER_INPUT');
  });

  it('duplicate sign-up', async () => {
    const r = await stack.gql('mutation { signUp(input: { email: "alice@ordergraph.dev", password: "whatever-123", name: "A" }) { accessToken } }');
    expect(code(r)).toBe('EMAIL_TAKEN');
  });

  it('invalid sign-up fields', async () => {
    const r = await stack.gql('mutation { signUp(input: { email: "not-an-email", password: "short", name: "" }) { accessToken } }');
    expect(code(r)).toBe('BAD_USER_INPUT');
  });

  it('wrong password and unknown email look the same', async () => {
    const wrong = await stack.gql('mutation { signIn(email: "alice@ordergraph.dev", password: "nope-nope") { accessToken } }');
    const unknown = await stack.gql('mutation { signIn(email: "nobody@ordergraph.dev", password: "nope-nope") { accessToken } }');
    expect(code(wrong)).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.errors?.[0]?.message).toBe(wrong.body.errors?.[0]?.message);
  });

  it('a bad bearer token is rejected with 401, never treated as anonymous', async () => {
    const r = await stack.gql('{ products(first: 1) { totalCount } }', {}, { token: 'not.a.jwt' });
    expect(r.status).toBe(401);
    expect(code(r)).toBe('UNAUTHENTICATED');
  });

  it('an invalid JSON body is a 400, and the service stays up afterwards', async () => {
    const r = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(r.status).toBe(400);
    const after = await stack.gql('{ products(first: 1) { totalCount } }');
    expect(after.body.data.products.totalCount).toBe(DEMO_PRODUCTS.length);
  });
});

describe('health', () => {
  it('reports live and ready on the gateway and every subgraph', async () => {
    const urls = [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((s) => s.url)];
    for (const url of urls) {
      const live = await fetch(url.replace('/graphql', '/health/live'));
      expect(live.status).toBe(200);
      const ready = await fetch(url.replace('/graphql', '/health/ready'));
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as any).ready).toBe(true);
    }
    const gatewayReady: any = await (await fetch(stack.gatewayUrl.replace('/graphql', '/health/ready'))).json();
    expect(Object.keys(gatewayReady.checks).sort()).toEqual(
      [...(process.env.TEST_REDIS_URL ? ['redis'] : []), 'subgraph:accounts', 'subgraph:orders', 'subgraph:payments', 'subgraph:products', 'supergraph'],
    );
  });

  it('serves the Sandbox landing page to browsers outside production', async () => {
    const r = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('sandbox');
  });
});
