// In-process A/B of the federated read's list reads (subgraph-exec, docs/performance.md): the
// Prisma path of main (findMany + count, and a separate inventory statement) against the SqlReads
// path, alternating in blocks in one process, CPU from process.cpuUsage. Robust to a loaded
// machine in a way that throughput is not. Usage:
//   BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/subexec_bench tsx bench/readPathCpu.ts
import { randomBytes } from 'node:crypto';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { createOrdersService, loadOrdersConfig } from '../subgraphs/orders/src/server.js';
import { createProductsService, loadProductsConfig } from '../subgraphs/products/src/server.js';
import { listOrders } from '../subgraphs/orders/src/services/orderQueries.js';
import { listProducts } from '../subgraphs/products/src/services/catalog.js';
import { createLoaders } from '../subgraphs/products/src/loaders/index.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('set BENCH_DATABASE_URL');
const env = {
  NODE_ENV: 'production', DATABASE_URL: url, DATABASE_SCHEMA_PREFIX: `rp${process.pid}_`, LOG_LEVEL: 'warn', METRICS_PORT: 'api',
  JWT_SECRET: randomBytes(32).toString('hex'), IDENTITY_SECRET: randomBytes(32).toString('hex'), SERVICE_TOKEN_SECRET: randomBytes(32).toString('hex'),
  ALLOW_DEMO_ACCOUNTS: 'true', PRODUCTS_URL: 'http://127.0.0.1:1/graphql', PAYMENTS_URL: 'http://127.0.0.1:1/graphql', ACCOUNTS_URL: 'http://127.0.0.1:1/graphql',
};
const orders = await createOrdersService(loadOrdersConfig(env), { seed: true } as never);
const products = await createProductsService(loadProductsConfig(env), { seed: true } as never);
const admin = DEMO_CUSTOMERS.find((c) => c.role === 'ADMIN')!;
const identity = { customerId: admin.id, role: admin.role } as never;
const op = orders.database.prisma as any;
const pp = products.database.prisma as any;

const paths: Record<string, () => Promise<unknown>> = {
  'orders page+count, Prisma (main)': () =>
    Promise.all([op.order.findMany({ where: { AND: [{}, {}] }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 11 }), op.order.count({ where: {} })]),
  'orders page+count, SqlReads (one statement)': () => listOrders(orders.database.reads, identity, { first: 10 }),
  'products page+count+inventory, Prisma + SqlReads (main)': async () => {
    const [rows] = await Promise.all([pp.product.findMany({ where: { active: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 11 }), pp.product.count({ where: { active: true } })]);
    const loaders = createLoaders(products.database.reads);
    await loaders.inventoryByProductId.loadMany(rows.slice(0, 10).map((r: { id: string }) => r.id));
  },
  'products page+count+inventory, SqlReads (one statement)': async () => {
    const loaders = createLoaders(products.database.reads);
    const page = await listProducts(pp, products.database.reads, { first: 10 }, loaders.remember);
    await loaders.inventoryByProductId.loadMany(page.edges.map((e) => e.node.id));
  },
};
const CALLS = Number(process.env.READ_PATH_CALLS ?? 200);
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
for (let block = 0; block < 6; block++) {
  for (const [name, run] of Object.entries(paths)) {
    for (let i = 0; i < 20; i++) await run(); // warm
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await run();
    const used = process.cpuUsage(before);
    cpu[name]!.push((used.user + used.system) / 1000 / CALLS);
  }
}
for (const [name, samples] of Object.entries(cpu)) {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`${name}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} ms CPU/call (blocks: ${samples.map((s) => s.toFixed(2)).join(', ')})`);
}
await orders.database.close();
await products.database.close();
process.exit(0);
