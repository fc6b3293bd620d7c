// Fault-drill load: createOrder over the gateway from C loops (demo customers, tok_visa, a fresh
// idempotencyKey per order, retried with the same key while the answer is retryable) for D
// seconds, printing each second's outcomes; then waits until no order is in flight and audits
// the subgraphs' PostgreSQL schemas (bench/lib/orderAudit.ts). Exit code 1 if an invariant breaks.
// Usage (a running deployed stack, docs/operations.md "Fault drills"):
//   GATEWAY_URL=http://127.0.0.1:45000/graphql AUDIT_DATABASE_URL=postgresql://root@127.0.0.1:45432/redteam \
//   DRILL_SECONDS=60 DRILL_CONCURRENCY=15 DRILL_STOCK=40 tsx bench/drills/orderLoad.ts
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { OrderAuditor } from '../lib/orderAudit.js';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
const databaseUrl = process.env.AUDIT_DATABASE_URL ?? process.env.DATABASE_URL!;
const prefix = process.env.DATABASE_SCHEMA_PREFIX ?? '';
const seconds = Number(process.env.DRILL_SECONDS ?? 60);
const concurrency = Number(process.env.DRILL_CONCURRENCY ?? 15);
const stock = Number(process.env.DRILL_STOCK ?? 40);
const schemas = { accounts: `${prefix}accounts`, products: `${prefix}products`, orders: `${prefix}orders`, payments: `${prefix}payments` };

async function gql(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

const users = [['alice', 'alice-dev-password'], ['bob', 'bob-dev-password'], ['carol', 'carol-dev-password']];
const tokens: string[] = [];
for (const [name, password] of users) {
  const { body } = await gql('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }', { e: `${name}@ordergraph.dev`, p: password });
  if (!body.data?.signIn) throw new Error(`signIn ${name}: ${JSON.stringify(body.errors)}`);
  tokens.push(body.data.signIn.accessToken);
}
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const productIds: string[] = (await db.query(`SELECT p.id FROM "${schemas.products}"."Product" p WHERE p.active ORDER BY p.id LIMIT 6`)).rows.map((r) => r.id);
await db.end();
const auditor = await OrderAuditor.open(databaseUrl, schemas);
await auditor.prepare(productIds, stock);

const CREATE = 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id status failureReason } }';
const tally = new Map<string, number>();
const total = new Map<string, number>();
const count = (key: string) => {
  tally.set(key, (tally.get(key) ?? 0) + 1);
  total.set(key, (total.get(key) ?? 0) + 1);
};
let running = true;
let n = 0;
async function loop(worker: number) {
  while (running) {
    const key = randomUUID();
    const input = { items: [{ productId: productIds[n++ % productIds.length], quantity: 1 + (n % 2) }], paymentMethod: 'tok_visa', idempotencyKey: key };
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const { status, body } = await gql(CREATE, { input }, tokens[worker % tokens.length]);
        const error = body.errors?.[0];
        const order = body.data?.createOrder;
        const code = error ? String(error.extensions?.code) : `OK ${order.status}${order.failureReason ? ` (${order.failureReason})` : ''}`;
        count(`${status >= 500 ? `HTTP${status} ` : ''}${code}`);
        if (error && (error.extensions?.retryable === true || code === 'ORDER_IN_PROGRESS')) {
          await sleep(500);
          continue;
        }
      } catch (e) {
        count(`NETWORK ${(e as Error).name}`);
        await sleep(500);
        continue;
      }
      break;
    }
  }
}
const loops = Array.from({ length: concurrency }, (_, i) => loop(i));
const started = Date.now();
const ticker = setInterval(() => {
  console.log(`${Math.round((Date.now() - started) / 1000)}s ${JSON.stringify(Object.fromEntries(tally))}`);
  tally.clear();
}, 1000);
await sleep(seconds * 1000);
running = false;
await Promise.all(loops);
clearInterval(ticker);
console.log('totals', JSON.stringify(Object.fromEntries(total)));
await auditor.reconnect();
const deadline = Date.now() + 120_000;
while ((await auditor.inFlight()) > 0 && Date.now() < deadline) await sleep(1000);
const audit = await auditor.audit();
await auditor.close(false);
const { products, ...summary } = audit;
const capturedMatchesConfirmed = audit.capturedPayments === (audit.orders.CONFIRMED ?? 0);
const inFlight = (audit.orders.PENDING ?? 0) + (audit.orders.RESERVED ?? 0) + (audit.orders.PAID ?? 0);
console.log('audit', JSON.stringify({ ...summary, capturedMatchesConfirmed, inFlight }));
const broken = audit.oversold > 0 || audit.heldAfterRun > 0 || audit.stockMismatches > 0 || audit.paymentsPerOrderMax > 1 || !capturedMatchesConfirmed || inFlight > 0;
if (broken) console.log('INVARIANT BROKEN', JSON.stringify(products));
process.exit(broken ? 1 : 0);
