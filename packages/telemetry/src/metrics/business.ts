import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { currencyLabel, statusLabel } from './labels.js';

/** One product's stock as `current_stock` reports it. */
export interface StockLevel {
  /** A stable, human-readable product key (the SKU). */
  product: string;
  available: number;
}

export interface StockSnapshot {
  /** The `limit` products with the least stock available (the ones on-call cares about). */
  lowest: StockLevel[];
  products: number;
  outOfStock: number;
}

/** Order values in major currency units (dollars, euros). */
const ORDER_VALUE_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/**
 * The platform's business metrics. Every subgraph has them (zero until used), so saga code
 * in any service can record without wiring: `telemetry.business.orderCreated('confirmed', 4999, 'USD')`.
 * Status values are lower-case words from the caller's own closed set (e.g. the OrderStatus enum).
 */
export class BusinessMetrics {
  private readonly orders: Counter<'status'>;
  private readonly orderValue: Histogram<'currency'>;
  private readonly payments: Counter<'status'>;
  private readonly reservations: Counter<'status'>;
  private readonly sagas: Counter<'step' | 'outcome'>;

  constructor(private readonly registry: Registry) {
    this.orders = new Counter({ name: 'orders_created_total', help: 'Orders placed, by resulting status.', labelNames: ['status'], registers: [registry] });
    this.orderValue = new Histogram({
      name: 'order_value',
      help: 'Value of placed orders in major currency units (e.g. dollars), by currency.',
      labelNames: ['currency'],
      buckets: ORDER_VALUE_BUCKETS,
      registers: [registry],
    });
    this.payments = new Counter({ name: 'payments_processed_total', help: 'Payments processed, by status.', labelNames: ['status'], registers: [registry] });
    this.reservations = new Counter({
      name: 'inventory_reservations_total',
      help: 'Stock reservation attempts, by status (e.g. reserved, released, out_of_stock).',
      labelNames: ['status'],
      registers: [registry],
    });
    this.sagas = new Counter({
      name: 'saga_steps_total',
      help: 'Order saga steps by step and outcome (completed, failed, compensated, handed_off).',
      labelNames: ['step', 'outcome'],
      registers: [registry],
    });
  }

  /** An order was placed. @param amountMinor total in minor units (cents), as stored */
  orderCreated(status: string, amountMinor?: number, currency = 'USD'): void {
    this.orders.inc({ status: statusLabel(status) });
    if (amountMinor !== undefined) this.orderValue.observe({ currency: currencyLabel(currency) }, amountMinor / 100);
  }

  paymentProcessed(status: string): void {
    this.payments.inc({ status: statusLabel(status) });
  }

  inventoryReservation(status: string): void {
    this.reservations.inc({ status: statusLabel(status) });
  }

  /** A saga step ended. `outcome` failed/handed_off feed the saga-failure alert. */
  sagaStep(step: string, outcome: 'completed' | 'failed' | 'compensated' | 'handed_off'): void {
    this.sagas.inc({ step: statusLabel(step), outcome });
  }

  /**
   * Expose `current_stock{product}` read at scrape time. Cardinality is bounded by `limit`:
   * only the lowest-stock products get a series; totals cover the rest.
   */
  trackStock(read: (limit: number) => Promise<StockSnapshot>, limit = 50): void {
    const products = new Gauge({ name: 'inventory_products', help: 'Products with an inventory record.', registers: [this.registry] });
    const outOfStock = new Gauge({ name: 'inventory_out_of_stock_products', help: 'Products with nothing available.', registers: [this.registry] });
    new Gauge({
      name: 'current_stock',
      help: `Units available now, for the ${limit} products with the least stock.`,
      labelNames: ['product'],
      registers: [this.registry],
      async collect() {
        const snapshot = await read(limit);
        // Products that left the lowest-N set must drop out of the scrape.
        this.reset();
        for (const level of snapshot.lowest) this.set({ product: level.product }, level.available);
        products.set(snapshot.products);
        outOfStock.set(snapshot.outOfStock);
      },
    });
  }
}
