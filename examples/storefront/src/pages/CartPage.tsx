import { useMutation } from '@apollo/client/react';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { CreateOrderDocument } from '../api/operations';
import { useAuth } from '../auth/AuthContext';
import { useCart } from '../cart/CartContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatMoney } from '../components/format';

const CARDS = [
  { token: 'tok_visa', label: 'Test Visa (tok_visa) — approved' },
  { token: 'tok_decline', label: 'Test card (tok_decline) — always declined' },
];

/** crypto.randomUUID needs a secure context (https or localhost); getRandomValues does not. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function CartPage() {
  const { lines, setQuantity, remove, clear } = useCart();
  const { customer } = useAuth();
  const navigate = useNavigate();
  const [card, setCard] = useState('tok_visa');
  const [createOrder, { loading, error }] = useMutation(CreateOrderDocument);
  // One key per attempt: resending after a timeout returns the same order instead of placing a
  // second one; a new attempt (answered, or with another cart or card) gets a new key.
  const [attempt, setAttempt] = useState(0);
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [lines, card, attempt]);
  const currency = lines[0]?.currency ?? 'USD';
  const total = lines.reduce((sum, l) => sum + l.priceAmount * l.quantity, 0);

  const checkout = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { data } = await createOrder({
        variables: { input: { items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), paymentMethod: card, idempotencyKey } },
      });
      const order = data?.createOrder;
      setAttempt((n) => n + 1);
      if (!order) return;
      // A failed order keeps the cart, so another card can be tried.
      if (order.status !== 'FAILED') clear();
      navigate(`/orders/${order.id}`);
    } catch {
      // Shown from the mutation's error state.
    }
  };

  if (lines.length === 0) {
    return (
      <section className="narrow">
        <h1>Your cart</h1>
        <p>
          Your cart is empty. <Link to="/">Browse products</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>Your cart</h1>
      <table className="cart">
        <caption className="visually-hidden">Items in your cart</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.productId}>
              <th scope="row">{l.name}</th>
              <td>
                <label className="visually-hidden" htmlFor={`qty-${l.productId}`}>
                  Quantity of {l.name}
                </label>
                <input
                  id={`qty-${l.productId}`}
                  type="number"
                  min={1}
                  max={1000}
                  value={l.quantity}
                  onChange={(e) => setQuantity(l.productId, Number(e.target.value) || 1)}
                  className="qty"
                />
              </td>
              <td className="num">{formatMoney({ amount: l.priceAmount * l.quantity, currency: l.currency })}</td>
              <td>
                <button type="button" className="link-button" onClick={() => remove(l.productId)} aria-label={`Remove ${l.name}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className="num total" data-testid="cart-total">
              {formatMoney({ amount: total, currency })}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {customer ? (
        <form className="card form" onSubmit={checkout}>
          <fieldset>
            <legend>Payment</legend>
            {CARDS.map((c) => (
              <label key={c.token} className="radio">
                <input type="radio" name="card" value={c.token} checked={card === c.token} onChange={() => setCard(c.token)} />
                {c.label}
              </label>
            ))}
          </fieldset>
          <ErrorMessage error={error} />
          <button type="submit" className="button primary" disabled={loading}>
            {loading ? 'Placing order…' : `Pay ${formatMoney({ amount: total, currency })}`}
          </button>
        </form>
      ) : (
        <p className="card">
          <Link to="/signin" state={{ from: '/cart' }}>
            Sign in
          </Link>{' '}
          or{' '}
          <Link to="/signup" state={{ from: '/cart' }}>
            create an account
          </Link>{' '}
          to check out.
        </p>
      )}
    </section>
  );
}
