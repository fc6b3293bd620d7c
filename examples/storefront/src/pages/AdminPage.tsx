import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DeliverOrderDocument, OrdersDocument, ProductsDocument, RestockDocument, ShipOrderDocument } from '../api/operations';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime, formatMoney } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import { NewProductForm } from './NewProductForm';
import type { OrderStatus } from '../gql/graphql';

export function AdminPage() {
  return (
    <section>
      <h1>Admin</h1>
      <Fulfilment />
      <NewProductForm />
      <Restock />
    </section>
  );
}

function Fulfilment() {
  const [status, setStatus] = useState<OrderStatus | ''>('CONFIRMED');
  const { data, error, refetch } = useQuery(OrdersDocument, { variables: { first: 50, status: status || null }, fetchPolicy: 'cache-and-network' });
  const [ship, shipState] = useMutation(ShipOrderDocument);
  const [deliver, deliverState] = useMutation(DeliverOrderDocument);
  const [done, setDone] = useState('');
  const act = async (id: string, action: 'ship' | 'deliver') => {
    try {
      if (action === 'ship') await ship({ variables: { id } });
      else await deliver({ variables: { id } });
      setDone(`Order ${id.slice(0, 8)} ${action === 'ship' ? 'shipped' : 'delivered'}.`);
      await refetch();
    } catch {
      // Shown from the mutation's error state.
    }
  };
  const orders = data?.orders.edges.map((e) => e.node) ?? [];
  return (
    <div className="card">
      <div className="page-head">
        <h2>Orders to fulfil</h2>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | '')}>
            <option value="CONFIRMED">Confirmed (to ship)</option>
            <option value="SHIPPED">Shipped (to deliver)</option>
            <option value="">All</option>
          </select>
        </label>
      </div>
      <ErrorMessage error={error ?? shipState.error ?? deliverState.error} />
      <p role="status" className="muted">
        {done}
      </p>
      {data && orders.length === 0 && <p>No orders with that status.</p>}
      {orders.length > 0 && (
        <table className="orders">
          <caption className="visually-hidden">Orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Customer</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} data-order-id={o.id}>
                <th scope="row">
                  <Link to={`/orders/${o.id}`} className="mono">
                    {o.id.slice(0, 8)}
                  </Link>
                </th>
                <td>{o.customer.email}</td>
                <td>{formatDateTime(o.createdAt)}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td className="num">{formatMoney(o.total)}</td>
                <td>
                  {o.status === 'CONFIRMED' && (
                    <button type="button" className="button small" disabled={shipState.loading} onClick={() => void act(o.id, 'ship')} aria-label={`Ship order ${o.id.slice(0, 8)}`}>
                      Ship
                    </button>
                  )}
                  {o.status === 'SHIPPED' && (
                    <button type="button" className="button small" disabled={deliverState.loading} onClick={() => void act(o.id, 'deliver')} aria-label={`Mark order ${o.id.slice(0, 8)} delivered`}>
                      Mark delivered
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Restock() {
  const [search, setSearch] = useState('');
  const { data, error } = useQuery(ProductsDocument, { variables: { first: 10, search: search || null } });
  return (
    <div className="card">
      <div className="page-head">
        <h2>Stock</h2>
        <form role="search" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="admin-search" className="visually-hidden">
            Search products to restock
          </label>
          <input id="admin-search" type="search" placeholder="Search products" value={search} onChange={(e) => setSearch(e.target.value)} />
        </form>
      </div>
      <ErrorMessage error={error} />
      <ul className="restock-list">
        {data?.products.edges.map(({ node: p }) => <RestockRow key={p.id} product={p} />)}
      </ul>
    </div>
  );
}

function RestockRow({ product }: { product: { id: string; name: string; sku: string; inventory: { available: number }; price: { amount: number; currency: string } } }) {
  const [quantity, setQuantity] = useState(10);
  const [restock, { loading, error }] = useMutation(RestockDocument);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void restock({ variables: { productId: product.id, quantity } }).catch(() => undefined);
  };
  const inputId = `restock-${product.id}`;
  return (
    <li data-product-id={product.id}>
      <div>
        <strong>{product.name}</strong> <span className="sku">{product.sku}</span> · {formatMoney(product.price)}
        <div className={`stock ${product.inventory.available === 0 ? 'out' : ''}`} data-testid="stock">
          {product.inventory.available} available
        </div>
      </div>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor={inputId}>Add units to {product.name}</label>
        <input id={inputId} type="number" min={1} max={1_000_000} value={quantity} onChange={(e) => setQuantity(Number(e.target.value) || 1)} className="qty" />
        <button type="submit" className="button small" disabled={loading}>
          Restock
        </button>
      </form>
      <ErrorMessage error={error} />
    </li>
  );
}
