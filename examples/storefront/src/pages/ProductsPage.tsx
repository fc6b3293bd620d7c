import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { ProductsDocument } from '../api/operations';
import { useCart } from '../cart/CartContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatMoney } from '../components/format';

const PAGE_SIZE = 12;
/** There is no stock subscription: the catalog re-reads stock as often as the gateway caches it (5 s). */
const STOCK_POLL_MS = 5_000;

export function ProductsPage() {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const { data, previousData, error, loading } = useQuery(ProductsDocument, {
    variables: { first: PAGE_SIZE, after, search: search || null },
    pollInterval: STOCK_POLL_MS,
    notifyOnNetworkStatusChange: false,
  });
  const { lines, add } = useCart();
  const [added, setAdded] = useState('');

  // Debounce typing into a search.
  useEffect(() => {
    const t = setTimeout(() => {
      setSearch(input.trim());
      setCursors([null]);
    }, 250);
    return () => clearTimeout(t);
  }, [input]);

  const page = (data ?? previousData)?.products;
  return (
    <section>
      <div className="page-head">
        <h1>Products</h1>
        <form role="search" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="search" className="visually-hidden">
            Search products
          </label>
          <input id="search" type="search" placeholder="Search name, SKU or description" value={input} onChange={(e) => setInput(e.target.value)} />
        </form>
      </div>
      <p className="muted" aria-live="polite">
        {page ? `${page.totalCount} products${search ? ` matching “${search}”` : ''}. Stock updates live every ${STOCK_POLL_MS / 1000} s.` : loading ? 'Loading products…' : ''}
      </p>
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {added}
      </p>
      <ul className="product-grid">
        {page?.edges.map(({ node: p }) => {
          const inCart = lines.find((l) => l.productId === p.id)?.quantity ?? 0;
          const available = p.inventory.available;
          const soldOut = available <= inCart;
          return (
            <li key={p.id} className="card product" data-testid="product" data-product-id={p.id}>
              <h2>{p.name}</h2>
              <p className="sku">{p.sku}</p>
              <p className="description">{p.description}</p>
              <p className="price">{formatMoney(p.price)}</p>
              <p className={`stock ${available === 0 ? 'out' : available < 10 ? 'low' : ''}`} data-testid="stock">
                {available === 0 ? 'Out of stock' : `${available} in stock`}
              </p>
              <button
                type="button"
                className="button primary"
                disabled={soldOut}
                aria-label={`Add ${p.name} to cart`}
                onClick={() => {
                  add({ productId: p.id, name: p.name, priceAmount: p.price.amount, currency: p.price.currency });
                  setAdded(`${p.name} added to cart.`);
                }}
              >
                {available === 0 ? 'Sold out' : inCart ? `Add another (${inCart} in cart)` : 'Add to cart'}
              </button>
            </li>
          );
        })}
      </ul>
      <nav className="pager" aria-label="Pages">
        <button type="button" className="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          className="button"
          disabled={!page?.pageInfo.hasNextPage}
          onClick={() => page?.pageInfo.endCursor && setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
