import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { OrdersDocument } from '../api/operations';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime, formatMoney } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';

export function OrdersPage() {
  const { data, error, loading } = useQuery(OrdersDocument, { variables: { first: 50 }, fetchPolicy: 'cache-and-network' });
  const orders = data?.orders.edges.map((e) => e.node) ?? [];
  return (
    <section>
      <h1>Your orders</h1>
      <ErrorMessage error={error} />
      {loading && !data && <p>Loading orders…</p>}
      {data && orders.length === 0 && (
        <p>
          No orders yet. <Link to="/">Start shopping</Link>
        </p>
      )}
      {orders.length > 0 && (
        <table className="orders">
          <caption className="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Items</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <Link to={`/orders/${o.id}`} className="mono">
                    {o.id.slice(0, 8)}
                  </Link>
                </th>
                <td>{formatDateTime(o.createdAt)}</td>
                <td>{o.items.reduce((n, i) => n + i.quantity, 0)}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td className="num">{formatMoney(o.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
