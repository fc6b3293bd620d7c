import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, Kind, type DefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '@ordergraph/accounts';
import { IDENTITY_HEADER, IdentityCodec, MAX_MONEY_AMOUNT, SERVICE_HEADER, ServiceTokenCodec } from '@ordergraph/core';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ADMIN, ALICE, createOrder, product, setStock, stockOf } from '../support/orders.js';
import { collect, wsClient } from '../support/wsClient.js';
import { INPUT_CASES, type InputCase } from './hostile/inputCases.js';
import { deepInputCases } from './hostile/depthCases.js';

// Every value a client can send is bounded, in production mode: range checks of each argument
// and input field, nesting depth before any recursive walk, money that cannot overflow, and no
// schema suggestions in coercion errors.
let stack: TestStack;
let identitySecret: string;
let serviceTokens: ServiceTokenCodec;

const SUBGRAPHS = ['accounts', 'products', 'orders', 'payments'] as const;

beforeAll(async () => {
  identitySecret = randomBytes(48).toString('base64url');
  const serviceSecret = randomBytes(48).toString('base64url');
  serviceTokens = new ServiceTokenCodec(serviceSecret, 'orders');
  stack = await startTestStack({
    NODE_ENV: 'production',
    IDENTITY_SECRET: identitySecret,
    SERVICE_TOKEN_SECRET: serviceSecret,
    JWT_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('ES256')]),
    // The simulator declines above 1,000,000 by default; the boundary order is far above.
    PAYMENT_DECLINE_OVER_AMOUNT: String(MAX_MONEY_AMOUNT),
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** Every argument and input field of a subgraph's schema, as `Type.field(arg)` / `Input.field`. */
function coordinates(subgraph: string): string[] {
  const doc = parse(readFileSync(new URL(`../../subgraphs/${subgraph}/schema.graphql`, import.meta.url), 'utf8'));
  return doc.definitions.flatMap((d: DefinitionNode) => {
    if (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) {
      return (d.fields ?? []).flatMap((f) => (f.arguments ?? []).map((a) => `${d.name.value}.${f.name.value}(${a.name.value})`));
    }
    if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) return (d.fields ?? []).map((f) => `${d.name.value}.${f.name.value}`);
    return [];
  });
}

async function sendDirect(c: InputCase): Promise<{ status: number; code: unknown; text: string }> {
  const identity = await new IdentityCodec(identitySecret).sign({ customerId: ADMIN.id, role: ADMIN.role });
  const url = stack.subgraphs[c.subgraph].url;
  if (c.ws) {
    const client = wsClient(url, { connectionParams: { identity } });
    try {
      const collected = collect(client, c.query, c.variables);
      const deadline = Date.now() + 10_000;
      while (collected.errors.length === 0 && collected.events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const errors = collected.errors.flat() as Array<{ extensions?: { code?: string } }>;
      return { status: 200, code: errors[0]?.extensions?.code, text: JSON.stringify(collected.errors) };
    } finally {
      await client.dispose();
    }
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity, [SERVICE_HEADER]: await serviceTokens.tokenFor(c.subgraph) },
    body: JSON.stringify({ query: c.query, variables: c.variables }),
  });
  const text = await response.text();
  return { status: response.status, code: JSON.parse(text).errors?.[0]?.extensions?.code, text };
}

describe('range checks of every argument and input field (production mode)', () => {
  it('the cases cover every argument and input field of the four subgraph schemas', () => {
    const covered = new Set(INPUT_CASES.flatMap((c) => c.covers.map((coordinate) => `${c.subgraph} ${coordinate}`)));
    const missing = SUBGRAPHS.flatMap((s) => coordinates(s).map((c) => `${s} ${c}`)).filter((c) => !covered.has(c));
    expect(missing).toEqual([]);
  });

  it('each out-of-range value is refused as BAD_USER_INPUT, never an internal error', async () => {
    const failures: string[] = [];
    for (const c of INPUT_CASES) {
      const { status, code, text } = await sendDirect(c);
      if (status >= 500 || code !== 'BAD_USER_INPUT') failures.push(`${c.subgraph} ${c.covers[0]} ${JSON.stringify(c.variables).slice(0, 120)}: ${status} ${code} ${text.slice(0, 160)}`);
      if (/Did you mean|stacktrace/.test(text)) failures.push(`${c.covers[0]}: leaks ${text.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('nesting depth, refused with 400 BAD_USER_INPUT before any recursive walk (production mode)', () => {
  it('at the gateway (POST, GET, batched, SSE, WebSocket) and in every subgraph', async () => {
    const failures: string[] = [];
    for (const c of deepInputCases(stack)) {
      const { status, code, message } = await c.send();
      if (status !== 400 || code !== 'BAD_USER_INPUT' || !/nested more than 64 levels/.test(message)) failures.push(`${c.name}: ${status} ${code} ${message.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((s) => s.url)]) {
      expect((await fetch(url.replace('/graphql', '/health/ready'))).status).toBe(200);
    }
  }, 120_000);

  it('input exactly at the limit is not refused for its depth', async () => {
    const at = JSON.parse(`${'['.repeat(63)}"x"${']'.repeat(63)}`) as unknown;
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($s: String) { products(search: $s) { totalCount } }', variables: { s: at } }),
    });
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    // Refused by variable coercion (a list is no String), not by the depth check.
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).not.toMatch(/nested/);
  });
});

describe('money (production mode)', () => {
  const [expensive, filler] = [product(0), product(1)];
  const setPrice = async (token: string, productId: string, amount: number) => {
    const r = await stack.gql('mutation($p: ID!, $a: Int!) { setProductPrice(productId: $p, amount: $a) { id } }', { p: productId, a: amount }, { token });
    expect(r.body.errors).toBeUndefined();
  };

  it('an order total of exactly the largest Int is placed and paid; one more is refused before anything is reserved or charged', async () => {
    const admin = await stack.signIn(ADMIN.email, ADMIN.password);
    const alice = await stack.signIn(ALICE.email, ALICE.password);
    await setStock(stack, expensive.id, 1000);
    await setStock(stack, filler.id, 1000);
    // 21 × 100,000,000 + 47,483,647 = 2,147,483,647 (2^31 − 1, prime: no single line reaches it).
    await setPrice(admin, expensive.id, 100_000_000);
    await setPrice(admin, filler.id, 47_483_647);
    const items = [{ productId: expensive.id, quantity: 21 }, { productId: filler.id, quantity: 1 }];
    const placed = await createOrder(stack, alice, { items });
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data.createOrder).toMatchObject({ status: 'CONFIRMED', total: { amount: MAX_MONEY_AMOUNT }, payment: { status: 'CAPTURED', amount: { amount: MAX_MONEY_AMOUNT } } });

    await setPrice(admin, filler.id, 47_483_648);
    const orders = stack.subgraphs.orders.database.prisma;
    const payments = stack.subgraphs.payments.database.prisma;
    const before = { orders: await orders.order.count(), payments: await payments.payment.count(), stock: await stockOf(stack, expensive.id) };
    const refused = await createOrder(stack, alice, { items });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.message).toMatch(/2147483648.*2147483647/);
    expect({ orders: await orders.order.count(), payments: await payments.payment.count(), stock: await stockOf(stack, expensive.id) }).toEqual(before);
    // The largest accepted order in quantity and price is far above 2^31 and stays exact.
    const line = 1000 * 100_000_000;
    await setPrice(admin, filler.id, 100_000_000);
    const huge = await createOrder(stack, alice, { items: [{ productId: expensive.id, quantity: 1000 }, { productId: filler.id, quantity: 1000 }] });
    expect(huge.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(huge.body.errors?.[0]?.message).toContain(String(2 * line));
  });
});

describe('coercion errors carry no schema suggestions in production', () => {
  it('at the gateway and at the subgraph', async () => {
    const alice = await stack.signIn(ALICE.email, ALICE.password);
    const query = 'query($s: OrderStatus) { orders(status: $s) { totalCount } }';
    const viaGateway = await stack.gql(query, { s: 'CONFIRMD' }, { token: alice });
    const identity = await new IdentityCodec(identitySecret).sign({ customerId: ALICE.id, role: ALICE.role });
    const direct = await stack.gql(query, { s: 'CONFIRMD' }, { url: stack.subgraphs.orders.url, headers: { [IDENTITY_HEADER]: identity } });
    for (const r of [viaGateway, direct]) {
      expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(r.body)).not.toMatch(/Did you mean|CONFIRMED/);
    }
  });
});
