import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

let stack: TestStack;
let adminToken: string;
const EXTRA_ORDERS = 100;

// Every relation the graph has: items → product → inventory (products), payment (payments),
// customer → email (accounts) and customer → orders (orders, batched through a window function).
const QUERY = /* GraphQL */ `
  query Orders($first: Int!) {
    orders(first: $first) {
      totalCount
      edges {
        node {
          id
          total { amount }
          items { quantity product { name price { amount } inventory { available } } }
          payment { status amount { amount } }
          customer { email name orders(first: 2) { totalCount edges { node { id } } } }
        }
      }
    }
  }
`;

beforeAll(async () => {
  // No background work on the orders database (outbox relay, recovery): only the request's statements count.
  stack = await startTestStack({ OUTBOX_RELAY_INTERVAL_MS: '0', SAGA_RECOVERY_INTERVAL_MS: '0' });
  adminToken = await stack.signIn(DEMO_CUSTOMERS[0]!.email, DEMO_CUSTOMERS[0]!.password);
  // More orders than the seed has, spread over the demo customers, each with 3 lines and a payment.
  const orders = Array.from({ length: EXTRA_ORDERS }, (_, n) => {
    const customer = DEMO_CUSTOMERS[1 + (n % 3)]!;
    const items = [0, 1, 2].map((i) => {
      const product = DEMO_PRODUCTS[(n + i * 11) % DEMO_PRODUCTS.length]!;
      return { id: randomUUID(), productId: product.id, quantity: 1 + i, unitPriceAmount: product.priceAmount, currency: 'USD', position: i };
    });
    const totalAmount = items.reduce((s, i) => s + i.quantity * i.unitPriceAmount, 0);
    return { id: randomUUID(), customerId: customer.id, status: 'CONFIRMED' as const, totalAmount, currency: 'USD', createdAt: new Date(Date.UTC(2026, 10, 1) + n * 60_000), items };
  });
  const ordersDb = stack.subgraphs.orders.database.prisma;
  await ordersDb.order.createMany({ data: orders.map(({ items: _items, ...o }) => o) });
  await ordersDb.orderItem.createMany({ data: orders.flatMap((o) => o.items.map((i) => ({ ...i, orderId: o.id }))) });
  await stack.subgraphs.payments.database.prisma.payment.createMany({
    data: orders.map((o) => ({ orderId: o.id, customerId: o.customerId, status: 'CAPTURED' as const, amount: o.totalAmount, currency: 'USD' })),
  });
});
afterAll(async () => {
  await stack?.stop();
});

async function statementsFor(first: number) {
  const before = stack.statements();
  const { body } = await stack.gql(QUERY, { first }, { token: adminToken });
  const after = stack.statements();
  expect(body.errors).toBeUndefined();
  expect(body.data.orders.edges).toHaveLength(first);
  expect(body.data.orders.totalCount).toBe(DEMO_ORDERS.length + EXTRA_ORDERS);
  for (const { node } of body.data.orders.edges) {
    expect(node.payment.amount.amount).toBe(node.total.amount);
    expect(node.items.length).toBeGreaterThan(0);
    expect(node.customer.orders.totalCount).toBeGreaterThan(0);
  }
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
}

describe('DataLoader batching', () => {
  it('sends the same number of SQL statements per subgraph for 10 and 100 orders', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    console.log('SQL statements per subgraph (10 orders → 100 orders):', JSON.stringify(ten), '→', JSON.stringify(hundred));
    expect(hundred).toEqual(ten);
    // And the numbers are small: a handful per subgraph, not one per row.
    // Small, fixed numbers: orders = page + count + items + customers' orders (window query + counts).
    for (const count of Object.values(hundred)) expect(count).toBeLessThanOrEqual(5);
    expect(hundred.orders).toBeGreaterThan(0);
    expect(hundred.products).toBeGreaterThan(0);
    expect(hundred.payments).toBeGreaterThan(0);
  });

  it('pages Customer.orders correctly for each customer in one batch', async () => {
    const { body } = await stack.gql(QUERY, { first: 30 }, { token: adminToken });
    const byCustomer = new Map<string, any>();
    for (const { node } of body.data.orders.edges) byCustomer.set(node.customer.email, node.customer.orders);
    const all = (await stack.gql('{ orders(first: 100) { edges { node { id customer { email } } } } }', {}, { token: adminToken })).body.data.orders.edges;
    for (const [email, conn] of byCustomer) {
      // Newest two of that customer, computed independently from the top-level list (newest first).
      const expected = all.filter((e: any) => e.node.customer.email === email).slice(0, 2).map((e: any) => e.node.id);
      expect(conn.edges.map((e: any) => e.node.id)).toEqual(expected);
    }
  });
});
