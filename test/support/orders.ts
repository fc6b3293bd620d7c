import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import type { TestStack } from '@ordergraph/testing';

export const [ADMIN, ALICE, BOB, CAROL] = DEMO_CUSTOMERS as [
  (typeof DEMO_CUSTOMERS)[number],
  (typeof DEMO_CUSTOMERS)[number],
  (typeof DEMO_CUSTOMERS)[number],
  (typeof DEMO_CUSTOMERS)[number],
];
export const product = (n: number) => DEMO_PRODUCTS[n]!;

export const ORDER_FIELDS = /* GraphQL */ `
  id status failureReason createdAt
  total { amount currency }
  items { quantity unitPrice { amount } product { id name } }
  statusHistory { from to reason at }
  payment { status amount { amount } }
`;

export const CREATE_ORDER = `mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { ${ORDER_FIELDS} } }`;

export interface OrderInput {
  items: Array<{ productId: string; quantity: number }>;
  paymentMethod?: string;
  idempotencyKey?: string;
}

export function createOrder(stack: TestStack, token: string, input: OrderInput) {
  return stack.gql(CREATE_ORDER, { input: { paymentMethod: 'tok_visa', ...input } }, { token });
}

/** Stock of a product straight from the products database (no caches in between). */
export async function stockOf(stack: TestStack, productId: string) {
  const row = await stack.subgraphs.products.database.prisma.inventory.findUniqueOrThrow({ where: { productId } });
  return { available: row.available, reserved: row.reserved };
}

export async function setStock(stack: TestStack, productId: string, available: number) {
  await stack.subgraphs.products.database.prisma.inventory.update({ where: { productId }, data: { available, reserved: 0 } });
}

export const codeOf = (r: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => r.body.errors?.[0]?.extensions?.code;
