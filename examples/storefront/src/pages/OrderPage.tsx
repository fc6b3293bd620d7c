import { useQuery, useSubscription } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { describeFailureReason } from '../api/errors';
import { OrderDocument, OrderStatusChangedDocument } from '../api/operations';
import { useLiveConnection } from '../apollo/LiveContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime, formatMoney, statusLabel } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import { StatusTimeline } from '../components/StatusTimeline';

const FINAL = new Set(['DELIVERED', 'CANCELLED', 'FAILED']);
/** Only when the WebSocket subscription fails: re-read the order this often, and say so. */
const FALLBACK_POLL_MS = 5_000;

export function OrderPage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(OrderDocument, { variables: { id } });
  const order = data?.order;
  const live = !!order && !FINAL.has(order.status);
  // Each event is the whole order; Apollo's cache merges it into the query above by id.
  const subscription = useSubscription(OrderStatusChangedDocument, { variables: { orderId: id }, skip: !live });
  const socket = useLiveConnection();
  // Never silently: when the socket is down, the page says so and re-reads the order instead.
  const fallback = live && (!!subscription.error || socket.state === 'down');
  useQuery(OrderDocument, { variables: { id }, skip: !fallback, pollInterval: FALLBACK_POLL_MS, fetchPolicy: 'network-only' });

  if (loading && !order) return <p>Loading order…</p>;
  if (error) return <ErrorMessage error={error} />;
  if (!order) {
    return (
      <p role="alert">
        We could not find that order. <Link to="/orders">Your orders</Link>
      </p>
    );
  }
  return (
    <section className="order">
      <div className="page-head">
        <h1>
          Order <span className="mono">{order.id.slice(0, 8)}</span>
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="order-status">
        Order status: {statusLabel(order.status)}
      </p>
      <p className="muted live-indicator" data-testid="live-indicator" data-live={!live ? 'done' : fallback ? 'polling' : socket.state}>
        {!live
          ? 'This order is complete.'
          : fallback
            ? `Live updates are unavailable (${subscription.error?.message ?? socket.reason}); checking every ${FALLBACK_POLL_MS / 1000} s instead.`
            : socket.state === 'connected'
              ? '● Live: this page updates by itself as the order moves.'
              : 'Connecting for live updates…'}
      </p>
      {order.status === 'FAILED' && (
        <div className="card failure" role="alert" data-testid="failure">
          <h2>The order failed</h2>
          <p>{describeFailureReason(order.failureReason, order.payment?.failureReason)}</p>
          <p>
            <Link to="/cart">Back to your cart</Link> to try again.
          </p>
        </div>
      )}
      <div className="order-grid">
        <div className="card">
          <h2>Status</h2>
          <StatusTimeline order={order} />
        </div>
        <div className="card">
          <h2>Items</h2>
          <ul className="items">
            {order.items.map((item) => (
              <li key={item.product.id}>
                <span>
                  {item.quantity} × {item.product.name}
                </span>
                <span>{formatMoney({ amount: item.unitPrice.amount * item.quantity, currency: item.unitPrice.currency })}</span>
              </li>
            ))}
          </ul>
          <p className="total">
            Total <strong>{formatMoney(order.total)}</strong>
          </p>
          <dl className="meta">
            <dt>Placed</dt>
            <dd>{formatDateTime(order.createdAt)}</dd>
            <dt>Payment</dt>
            {/* Deferred (@defer): undefined until the payments subgraph's part arrives. */}
            <dd data-testid="payment-status" aria-busy={order.payment === undefined}>
              {order.payment === undefined ? 'loading…' : order.payment ? order.payment.status.toLowerCase() : 'none'}
            </dd>
            {order.customer && (
              <>
                <dt>Customer</dt>
                <dd>{order.customer.email}</dd>
              </>
            )}
          </dl>
        </div>
      </div>
    </section>
  );
}
