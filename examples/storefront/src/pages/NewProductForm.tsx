import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { CreateProductDocument } from '../api/operations';
import { apiErrors } from '../api/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatMoney } from '../components/format';

const EMPTY = { sku: '', name: '', description: '', price: '', currency: 'USD', initialStock: '0' };
type Fields = typeof EMPTY;

/** "12.50" → 1250 minor units; null when it is not a price with at most two decimals. */
function toMinorUnits(price: string): number | null {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(price);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** ADMIN: add a product to the catalog (createProduct); the server's messages name the field that is wrong. */
export function NewProductForm() {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [priceError, setPriceError] = useState('');
  const [added, setAdded] = useState('');
  const [create, { loading, error, reset }] = useMutation(CreateProductDocument, { refetchQueries: ['Products'] });
  const set = (name: keyof Fields) => (event: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: event.target.value }));
  const invalidField = apiErrors(error)[0]?.extensions.field;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    setAdded('');
    const priceAmount = toMinorUnits(fields.price);
    setPriceError(priceAmount === null ? 'Enter the price as a number, e.g. 12.50.' : '');
    if (priceAmount === null) return;
    try {
      const { data } = await create({
        variables: {
          input: { sku: fields.sku, name: fields.name, description: fields.description || null, priceAmount, currency: fields.currency, initialStock: Number(fields.initialStock) || 0 },
        },
      });
      const product = data?.createProduct;
      if (product) {
        setAdded(`Added ${product.name} (${product.sku}) at ${formatMoney(product.price)} with ${product.inventory.available} in stock.`);
        setFields(EMPTY);
      }
    } catch {
      // Shown from the mutation's error state.
    }
  };

  const field = (name: keyof Fields, label: string, input: ReactNode) => (
    <div className="field">
      <label htmlFor={`new-product-${name}`}>{label}</label>
      {input}
    </div>
  );
  const common = (name: keyof Fields) => ({ id: `new-product-${name}`, value: fields[name], onChange: set(name), 'aria-invalid': invalidField === name || undefined });
  return (
    <div className="card">
      <h2>New product</h2>
      <form className="form new-product" onSubmit={(e) => void submit(e)} aria-label="New product">
        <div className="form-row">
          {field('sku', 'SKU', <input {...common('sku')} required maxLength={64} placeholder="LAMP-001" />)}
          {field('name', 'Name', <input {...common('name')} required maxLength={200} />)}
        </div>
        {field('description', 'Description', <textarea {...common('description')} maxLength={2000} rows={2} />)}
        <div className="form-row">
          {field('price', 'Price', <input {...common('price')} required inputMode="decimal" placeholder="12.50" aria-describedby="new-product-price-error" />)}
          {field('currency', 'Currency', (
            <select {...common('currency')}>
              {['USD', 'EUR', 'GBP', 'CHF', 'JPY'].map((c) => <option key={c}>{c}</option>)}
            </select>
          ))}
          {field('initialStock', 'Initial stock', <input {...common('initialStock')} type="number" min={0} max={1_000_000} className="qty" />)}
        </div>
        <p id="new-product-price-error" className="error" role={priceError ? 'alert' : undefined}>
          {priceError}
        </p>
        <ErrorMessage error={error} />
        <p role="status" className="muted">
          {added}
        </p>
        <div>
          <button type="submit" className="button primary" disabled={loading}>
            Add product
          </button>
        </div>
      </form>
    </div>
  );
}
