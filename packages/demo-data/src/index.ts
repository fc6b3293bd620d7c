import { createHash } from 'node:crypto';

/**
 * Deterministic demo data shared by the four subgraphs' seeders, so that ids line up
 * across databases (an order's customerId exists in accounts, its productIds in products).
 */

/** A stable UUID-shaped id derived from a name (the same on every machine). */
export function demoId(name: string): string {
  const h = createHash('sha256').update(`ordergraph-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface DemoCustomer {
  id: string;
  email: string;
  name: string;
  password: string;
  role: 'CUSTOMER' | 'ADMIN';
}

/** Known development logins; `pnpm dev` prints them. Never used in production. */
export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { name: 'Ada Admin', email: 'admin@ordergraph.dev', password: 'admin-dev-password', role: 'ADMIN' as const },
  { name: 'Alice Doe', email: 'alice@ordergraph.dev', password: 'alice-dev-password', role: 'CUSTOMER' as const },
  { name: 'Bob Stone', email: 'bob@ordergraph.dev', password: 'bob-dev-password', role: 'CUSTOMER' as const },
  { name: 'Carol Vega', email: 'carol@ordergraph.dev', password: 'carol-dev-password', role: 'CUSTOMER' as const },
].map((c) => ({ ...c, id: demoId(`customer:${c.email}`) }));

export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  stock: number;
}

const KINDS = [
  ['Headphones', 'Over-ear headphones with 30 h battery life.', 8900],
  ['Keyboard', 'Mechanical keyboard with hot-swappable switches.', 12900],
  ['Mouse', 'Wireless mouse with a 4000 DPI sensor.', 4900],
  ['Monitor', '27-inch IPS monitor, 1440p at 144 Hz.', 32900],
  ['Webcam', '1080p webcam with dual microphones.', 6900],
  ['Desk Lamp', 'Dimmable LED desk lamp with USB-C charging.', 3900],
  ['Backpack', 'Water-resistant 20 L laptop backpack.', 7900],
  ['Water Bottle', 'Insulated steel bottle, keeps drinks cold for 24 h.', 2500],
  ['Notebook', 'Dotted A5 notebook, 160 pages.', 1200],
  ['Coffee Mug', 'Ceramic mug, 350 ml.', 1500],
] as const;
const LINES = ['Aurora', 'Basalt', 'Cirrus', 'Dune', 'Ember', 'Fjord'] as const;

/** 60 products: 6 product lines × 10 kinds. A few are out of stock on purpose. */
export const DEMO_PRODUCTS: DemoProduct[] = LINES.flatMap((line, li) =>
  KINDS.map(([kind, description, base], ki) => {
    const n = li * KINDS.length + ki;
    return {
      id: demoId(`product:${n}`),
      sku: `${line.slice(0, 3).toUpperCase()}-${kind.replace(/\s/g, '').slice(0, 4).toUpperCase()}-${String(n + 1).padStart(3, '0')}`,
      name: `${line} ${kind}`,
      description,
      priceAmount: base + li * 500,
      currency: 'USD',
      stock: n % 17 === 16 ? 0 : 20 + ((n * 37) % 180),
    };
  }),
);

export interface DemoOrderItem {
  productId: string;
  quantity: number;
  unitPriceAmount: number;
}

export type DemoOrderStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'FAILED';
export type DemoPaymentStatus = 'CAPTURED' | 'REFUNDED' | 'DECLINED' | 'PENDING';

export interface DemoOrder {
  id: string;
  customerId: string;
  status: DemoOrderStatus;
  items: DemoOrderItem[];
  totalAmount: number;
  currency: string;
  createdAt: Date;
  payment: { id: string; status: DemoPaymentStatus };
}

const ORDER_STATUSES: DemoOrderStatus[] = ['DELIVERED', 'SHIPPED', 'CONFIRMED', 'DELIVERED', 'CANCELLED', 'FAILED'];
const PAYMENT_FOR: Record<DemoOrderStatus, DemoPaymentStatus> = {
  PENDING: 'PENDING',
  CONFIRMED: 'CAPTURED',
  SHIPPED: 'CAPTURED',
  DELIVERED: 'CAPTURED',
  CANCELLED: 'REFUNDED',
  FAILED: 'DECLINED',
};
const EPOCH = Date.UTC(2026, 9, 1);

/** 24 orders: 8 for each demo customer, 1–3 lines each, spread over a month. */
export const DEMO_ORDERS: DemoOrder[] = Array.from({ length: 24 }, (_, n) => {
  const customer = DEMO_CUSTOMERS[1 + (n % 3)] as DemoCustomer;
  const items = Array.from({ length: 1 + (n % 3) }, (_, i) => {
    const product = DEMO_PRODUCTS[(n * 7 + i * 13) % DEMO_PRODUCTS.length] as DemoProduct;
    return { productId: product.id, quantity: 1 + ((n + i) % 3), unitPriceAmount: product.priceAmount };
  });
  // Every customer gets every status (customers cycle by n, statuses by n / 3).
  const status = ORDER_STATUSES[Math.floor(n / 3) % ORDER_STATUSES.length] as DemoOrderStatus;
  return {
    id: demoId(`order:${n}`),
    customerId: customer.id,
    status,
    items,
    totalAmount: items.reduce((sum, item) => sum + item.quantity * item.unitPriceAmount, 0),
    currency: 'USD',
    createdAt: new Date(EPOCH + n * 29 * 3600_000),
    payment: { id: demoId(`payment:${n}`), status: PAYMENT_FOR[status] },
  };
});
