import { formatMoney } from '../components/format';
import { useCart } from './CartContext';

/** The cart's lines with quantity inputs, remove buttons and the total. */
export function CartTable({ total, currency }: { total: number; currency: string }) {
  const { lines, setQuantity, remove } = useCart();
  return (
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
  );
}
