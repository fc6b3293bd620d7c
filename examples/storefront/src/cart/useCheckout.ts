import { useMutation } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { CreateOrderDocument } from '../api/operations';
import { useCart } from './CartContext';

/** crypto.randomUUID needs a secure context (https or localhost); getRandomValues does not. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Places the cart as an order paid with `card`, then opens the order's page. */
export function useCheckout(card: string) {
  const { lines, clear } = useCart();
  const navigate = useNavigate();
  const [createOrder, { loading, error }] = useMutation(CreateOrderDocument);
  // One key per attempt: resending after a timeout returns the same order instead of placing a
  // second one; a new attempt (answered, or with another cart or card) gets a new key.
  const [attempt, setAttempt] = useState(0);
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [lines, card, attempt]);

  const checkout = async () => {
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
  return { checkout, loading, error };
}
