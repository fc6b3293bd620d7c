import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { useCart } from '../cart/CartContext';
import { CartTable } from '../cart/CartTable';
import { useCheckout } from '../cart/useCheckout';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatMoney } from '../components/format';

const CARDS = [
  { token: 'tok_visa', label: 'Test Visa (tok_visa) — approved' },
  { token: 'tok_decline', label: 'Test card (tok_decline) — always declined' },
];

export function CartPage() {
  const { lines } = useCart();
  const { customer } = useAuth();
  const [card, setCard] = useState('tok_visa');
  const { checkout, loading, error } = useCheckout(card);
  const currency = lines[0]?.currency ?? 'USD';
  const total = lines.reduce((sum, l) => sum + l.priceAmount * l.quantity, 0);

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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void checkout();
  };
  return (
    <section className="narrow">
      <h1>Your cart</h1>
      <CartTable total={total} currency={currency} />
      {customer ? (
        <form className="card form" onSubmit={submit}>
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
