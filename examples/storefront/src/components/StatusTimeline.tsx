import { reasonLabel } from '../api/errors';
import type { OrderFieldsFragment } from '../gql/graphql';
import { formatDateTime, statusLabel } from './format';

const HAPPY_PATH = ['PENDING', 'RESERVED', 'PAID', 'CONFIRMED', 'SHIPPED', 'DELIVERED'] as const;

/**
 * The steps an order has been through (with times) followed by the ones still ahead; a FAILED
 * or CANCELLED order ends at that step.
 */
export function StatusTimeline({ order }: { order: Pick<OrderFieldsFragment, 'status' | 'statusHistory'> }) {
  const done = order.statusHistory.map((h) => ({ status: h.to, at: h.at, reason: h.reason }));
  const reached = new Set(done.map((d) => d.status));
  const ended = order.status === 'FAILED' || order.status === 'CANCELLED';
  const ahead = ended ? [] : HAPPY_PATH.filter((s) => !reached.has(s));
  return (
    <ol className="timeline" aria-label="Order status timeline">
      {done.map((step, i) => {
        const current = i === done.length - 1;
        return (
          <li key={`${step.status}-${step.at}`} className={`step done ${current ? 'current' : ''} step-${step.status.toLowerCase()}`} aria-current={current ? 'step' : undefined} data-status={step.status}>
            <span className="dot" aria-hidden="true" />
            <span className="label">{statusLabel(step.status)}</span>
            <time dateTime={step.at}>{formatDateTime(step.at)}</time>
            {step.reason && <span className="reason">{reasonLabel(step.reason)}</span>}
          </li>
        );
      })}
      {ahead.map((status) => (
        <li key={status} className="step ahead" data-status={status}>
          <span className="dot" aria-hidden="true" />
          <span className="label">{statusLabel(status)}</span>
          <span className="visually-hidden">(not yet)</span>
        </li>
      ))}
    </ol>
  );
}
