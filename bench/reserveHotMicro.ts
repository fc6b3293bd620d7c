// In-process A/B of the hot product's reservation step (#17, round 5, docs/performance.md): 50
// concurrent callers each reserving one unit of ONE product, one order after another, through
// products' InventoryService on PostgreSQL: `reserve` per order (one autocommit statement each,
// main's path) against orders' real ProductsClient grouping (the reservations that arrive while
// one group is in flight go in the next), its InternalClient replaced by a direct call of
// `reserveMany`. Alternating blocks in one process; reservations/s, latency, commits (one per
// autocommit statement or per group's transaction) and CPU of this process and of the database's
// backends per reservation. No HTTP, GraphQL or saga: only what grouping changes. Usage:
//   BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/rb_bench tsx bench/reserveHotMicro.ts
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openSubgraphDatabase } from '@ordergraph/db';
import { PrismaClient } from '../subgraphs/products/src/generated/prisma/client.js';
import { MIGRATIONS_DIR } from '../subgraphs/products/src/server.js';
import type { InternalClient } from '../subgraphs/orders/src/clients/InternalClient.js';
import { ProductsClient } from '../subgraphs/orders/src/clients/ProductsClient.js';
import { InventoryService, type ReservationRequest } from '../subgraphs/products/src/services/inventory.js';
import { PostgresCpu } from './lib/cpuSampler.js';
import { percentile } from './lib/stats.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('set BENCH_DATABASE_URL');
const CALLERS = Number(process.env.BENCH_RESERVE_CALLERS ?? 50);
const BLOCK_MS = Number(process.env.BENCH_RESERVE_BLOCK_MS ?? 5000);
const BLOCKS = Number(process.env.BENCH_RESERVE_BLOCKS ?? 3);
/** 1: the hot product; more: caller i reserves product i mod N (the bench's spread case has 60). */
const PRODUCTS = Number(process.env.BENCH_RESERVE_PRODUCTS ?? 1);
const schema = `rh${process.pid}`;
const productIds = Array.from({ length: PRODUCTS }, (_, i) => `product-${String(i).padStart(3, '0')}`);

const database = await openSubgraphDatabase({
  target: { kind: 'postgres', url, schema },
  migrationsDir: MIGRATIONS_DIR,
  createClient: (adapter) => new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }),
});
for (const id of productIds) {
  await database.prisma.product.create({ data: { id, sku: id, name: id, priceAmount: 100, inventory: { create: { available: 100_000_000 } } } });
}
const inventory = new InventoryService(database.prisma, database.reads);
/** Transactions committed by the path being measured (each call of `reserve` or `reserveMany` is one). */
let committed = 0;
const stats = new pg.Client({ connectionString: url });
await stats.connect();
const pgCpu = await PostgresCpu.open(url);

/** Orders' ProductsClient over products' resolver shape, without HTTP: only reserveStocks is asked. */
const direct = {
  request: async (_query: string, { inputs }: { inputs: Array<{ orderId: string; items: ReservationRequest['lines'] }> }) => {
    committed += 1;
    const results = await inventory.reserveMany(inputs.map(({ orderId, items }) => ({ orderId, lines: items })));
    return { reserveStocks: results.map((r) => ('outcome' in r ? { productId: null, errorCode: null, errorMessage: null, ...r } : { errorCode: r.extensions.code, errorMessage: r.message })) };
  },
} as unknown as InternalClient;
const productsClient = new ProductsClient(direct);
const paths: Record<string, (request: ReservationRequest) => Promise<{ outcome: string }>> = {
  'reserve per order (main)': ({ orderId, lines }) => {
    committed += 1;
    return inventory.reserve(orderId, lines);
  },
  'ProductsClient groups → reserveMany (round 5)': ({ orderId, lines }) => productsClient.reserve(orderId, lines),
};

const totals: Record<string, { n: number; ms: number; cpu: number; pgCpu: number; commits: number; latencies: number[] }> = {};
for (let block = 0; block < BLOCKS * 2; block++) {
  const name = Object.keys(paths)[block % 2]!;
  const reserve = paths[name]!;
  const t = (totals[name] ??= { n: 0, ms: 0, cpu: 0, pgCpu: 0, commits: 0, latencies: [] });
  const commitsBefore = committed;
  await pgCpu.start();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + BLOCK_MS;
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      const productId = productIds[caller % PRODUCTS]!;
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const result = await reserve({ orderId: randomUUID(), lines: [{ productId, quantity: 1 }] });
        if (result.outcome !== 'RESERVED') throw new Error(`unexpected ${result.outcome}`);
        t.latencies.push(performance.now() - t0);
        t.n += 1;
      }
    }),
  );
  t.ms += performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  t.cpu += (cpu.user + cpu.system) / 1000;
  t.pgCpu += await pgCpu.stop();
  t.commits += committed - commitsBefore;
}

const [row] = (await stats.query(`SELECT sum(available)::bigint AS available, sum(reserved)::bigint AS reserved FROM "${schema}"."Inventory"`)).rows;
const reservedTotal = Object.values(totals).reduce((s, t) => s + t.n, 0);
console.log(
  `${CALLERS} callers over ${PRODUCTS} product(s), ${BLOCKS} blocks of ${BLOCK_MS} ms per path, alternating; ` +
    `stock check: reserved ${row.reserved} = ${reservedTotal} reservations, available ${row.available}`,
);
console.log('| path | reservations/s | p50 ms | p99 ms | commits per reservation | this process CPU ms/reservation | PostgreSQL CPU ms/reservation |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, t] of Object.entries(totals)) {
  const sortedLatencies = t.latencies.sort((a, b) => a - b);
  console.log(
    `| ${name} | ${(t.n / (t.ms / 1000)).toFixed(1)} | ${percentile(sortedLatencies, 50).toFixed(1)} | ${percentile(sortedLatencies, 99).toFixed(1)} | ` +
      `${(t.commits / t.n).toFixed(3)} | ${(t.cpu / t.n).toFixed(3)} | ${(t.pgCpu / t.n).toFixed(3)} |`,
  );
}
if (Number(row.reserved) !== reservedTotal || Number(row.available) !== 100_000_000 * PRODUCTS - reservedTotal) throw new Error('stock does not match the reservations');
await stats.query(`DROP SCHEMA "${schema}" CASCADE`);
await Promise.all([stats.end(), pgCpu.close(), database.close()]);
