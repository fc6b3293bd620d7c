// Runs in the benchmark runner, straight on PostgreSQL (the stack's processes are untouched):
// sets up stock for the orders benchmark and, afterwards, checks that stock, orders and
// payments agree (no oversell, nothing held, no double charge).
import pg from 'pg';
import type { Stack } from './deployed.js';

export interface OrderAudit {
  orders: Record<string, number>;
  /** Per product: stock before, stock after, units sold by CONFIRMED orders. */
  products: Array<{ productId: string; before: number; available: number; reserved: number; sold: number }>;
  capturedPayments: number;
  paymentsPerOrderMax: number;
  oversold: number;
  heldAfterRun: number;
  stockMismatches: number;
}

export class OrderAuditor {
  private readonly initial = new Map<string, number>();
  private since = new Date(0);

  private constructor(
    private client: pg.Client,
    private readonly schemas: Stack['schemas'],
    private readonly url: string,
  ) {}

  /** A fresh connection (after a fault drill restarted or paused PostgreSQL), same counts. */
  async reconnect(): Promise<void> {
    await this.client.end().catch(() => undefined);
    this.client = await OrderAuditor.connect(this.url);
  }

  private static async connect(url: string): Promise<pg.Client> {
    // Named, so that PostgresCpu leaves this connection's CPU out of the stack's.
    const client = new pg.Client({ connectionString: url, application_name: 'bench-audit' });
    // A database restart (a fault drill) ends this idle connection; the next query reports it.
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  static async open(url: string, schemas: Stack['schemas']): Promise<OrderAuditor> {
    return new OrderAuditor(await OrderAuditor.connect(url), schemas, url);
  }

  /** Give each product `stock` units and start counting orders from now. */
  async prepare(productIds: string[], stock: number): Promise<void> {
    await this.client.query(`UPDATE "${this.schemas.products}"."Inventory" SET available = $2, reserved = 0 WHERE "productId" = ANY($1)`, [productIds, stock]);
    for (const id of productIds) this.initial.set(id, stock);
    this.since = new Date();
  }

  /** Orders placed since `prepare`, by status. */
  async statuses(): Promise<Record<string, number>> {
    const { rows } = await this.client.query(`SELECT status, count(*)::int AS n FROM "${this.schemas.orders}"."Order" WHERE "createdAt" >= $1 GROUP BY status`, [this.since]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Orders of any age still being placed (warm-up orders included). */
  async inFlight(): Promise<number> {
    const { rows } = await this.client.query(`SELECT count(*)::int AS n FROM "${this.schemas.orders}"."Order" WHERE status IN ('PENDING', 'RESERVED', 'PAID')`);
    return rows[0].n;
  }

  async audit(): Promise<OrderAudit> {
    const { orders, products: productsSchema, payments } = this.schemas;
    const byStatus = await this.statuses();
    const sold = await this.client.query(
      `SELECT i."productId", sum(i.quantity)::int AS sold FROM "${orders}"."OrderItem" i JOIN "${orders}"."Order" o ON o.id = i."orderId"
       WHERE o."createdAt" >= $1 AND o.status = 'CONFIRMED' GROUP BY i."productId"`,
      [this.since],
    );
    const soldBy = new Map<string, number>(sold.rows.map((r) => [r.productId, r.sold]));
    const stock = await this.client.query(`SELECT "productId", available, reserved FROM "${productsSchema}"."Inventory" WHERE "productId" = ANY($1)`, [[...this.initial.keys()]]);
    const products = stock.rows.map((row) => ({
      productId: row.productId as string,
      before: this.initial.get(row.productId) ?? 0,
      available: Number(row.available),
      reserved: Number(row.reserved),
      sold: soldBy.get(row.productId) ?? 0,
    }));
    const ids = (await this.client.query(`SELECT id FROM "${orders}"."Order" WHERE "createdAt" >= $1`, [this.since])).rows.map((r) => r.id);
    const pay = await this.client.query(
      `SELECT count(*) FILTER (WHERE status = 'CAPTURED')::int AS captured, coalesce(max(n), 0)::int AS per_order_max
       FROM (SELECT status, count(*) OVER (PARTITION BY "orderId") AS n FROM "${payments}"."Payment" WHERE "orderId" = ANY($1)) p`,
      [ids],
    );
    return {
      orders: byStatus,
      products,
      capturedPayments: pay.rows[0].captured,
      paymentsPerOrderMax: pay.rows[0].per_order_max,
      oversold: products.filter((p) => p.available < 0).length,
      heldAfterRun: products.reduce((n, p) => n + p.reserved, 0),
      stockMismatches: products.filter((p) => p.before - p.sold !== p.available + p.reserved).length,
    };
  }

  /** Drop the stack's schemas (deployed stacks leave them behind) and disconnect. */
  async close(dropSchemas: boolean): Promise<void> {
    if (dropSchemas) for (const schema of Object.values(this.schemas)) await this.client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await this.client.end();
  }
}
