import type { BusinessMetrics } from '@ordergraph/telemetry';
import type { OrderChange } from './OrderSaga.js';
import { FailureReason } from './OrderSaga.js';

/** Failures that are the business working as intended (no stock, card declined), not faults to page on. */
const EXPECTED_FAILURES = new Set<string>([FailureReason.OUT_OF_STOCK, FailureReason.PAYMENT_DECLINED]);

/**
 * Business metrics from the saga's committed transitions. Each transition is reported once
 * (the conditional update that made it succeeded), so counters count orders, not retries.
 */
export function recordSagaMetrics(business: BusinessMetrics, change: OrderChange): void {
  const { order, to, reason } = change;
  switch (to) {
    case 'RESERVED':
      business.inventoryReservation('reserved');
      business.sagaStep('reserve', 'completed');
      return;
    case 'PAID':
      business.paymentProcessed('captured');
      business.sagaStep('charge', 'completed');
      return;
    case 'CONFIRMED':
      business.sagaStep('confirm', 'completed');
      business.orderCreated('confirmed', Number(order.totalAmount), order.currency);
      return;
    case 'FAILED':
      if (reason === FailureReason.OUT_OF_STOCK) business.inventoryReservation('out_of_stock');
      if (reason === FailureReason.PAYMENT_DECLINED) business.paymentProcessed('declined');
      business.sagaStep((reason ?? 'unknown').toLowerCase(), reason && EXPECTED_FAILURES.has(reason) ? 'compensated' : 'failed');
      business.orderCreated('failed', Number(order.totalAmount), order.currency);
      return;
    case 'CANCELLED':
      business.sagaStep('cancel', 'completed');
      return;
    default:
      return;
  }
}
