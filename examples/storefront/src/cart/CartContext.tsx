import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface CartLine {
  productId: string;
  name: string;
  priceAmount: number;
  currency: string;
  quantity: number;
}

interface CartValue {
  lines: CartLine[];
  count: number;
  add(line: Omit<CartLine, 'quantity'>, quantity?: number): void;
  setQuantity(productId: string, quantity: number): void;
  remove(productId: string): void;
  clear(): void;
}

const STORAGE_KEY = 'ordergraph.cart';
const CartContext = createContext<CartValue | null>(null);

function load(): CartLine[] {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as CartLine[]) : [];
  } catch {
    return [];
  }
}

/** The cart lives in the browser only (the API has no cart); it becomes an order at checkout. */
export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<CartLine[]>(load);
  useEffect(() => window.localStorage.setItem(STORAGE_KEY, JSON.stringify(lines)), [lines]);

  const add = useCallback((line: Omit<CartLine, 'quantity'>, quantity = 1) => {
    setLines((current) => {
      const existing = current.find((l) => l.productId === line.productId);
      if (existing) return current.map((l) => (l === existing ? { ...l, quantity: Math.min(1000, l.quantity + quantity) } : l));
      return [...current, { ...line, quantity }];
    });
  }, []);
  const setQuantity = useCallback((productId: string, quantity: number) => {
    setLines((current) => current.map((l) => (l.productId === productId ? { ...l, quantity: Math.max(1, Math.min(1000, quantity)) } : l)));
  }, []);
  const remove = useCallback((productId: string) => setLines((current) => current.filter((l) => l.productId !== productId)), []);
  const clear = useCallback(() => setLines([]), []);

  const value = useMemo(
    () => ({ lines, count: lines.reduce((n, l) => n + l.quantity, 0), add, setQuantity, remove, clear }),
    [lines, add, setQuantity, remove, clear],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart must be used inside <CartProvider>');
  return value;
}
