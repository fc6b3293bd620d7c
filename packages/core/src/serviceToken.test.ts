import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServiceTokenCodec } from './serviceToken.js';

const SECRET = 'a-shared-service-secret-for-tests';
const orders = new ServiceTokenCodec(SECRET, 'orders');

afterEach(() => vi.useRealTimers());

describe('ServiceTokenCodec', () => {
  it('verifies the caller, also from the verified-token cache', async () => {
    const products = new ServiceTokenCodec(SECRET, 'products');
    const token = await orders.tokenFor('products');
    expect(await products.verify(token)).toBe('orders');
    expect(await products.verify(token)).toBe('orders');
  });

  it('refuses forged tokens and tokens for another service, whatever was verified before', async () => {
    const products = new ServiceTokenCodec(SECRET, 'products');
    expect(await products.verify(await orders.tokenFor('products'))).toBe('orders');
    const forged = await new ServiceTokenCodec('another-secret-of-enough-length', 'orders').tokenFor('products');
    expect(await products.verify(forged)).toBeNull();
    expect(await products.verify(await orders.tokenFor('payments'))).toBeNull();
    expect(await products.verify(undefined)).toBeNull();
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const caller = new ServiceTokenCodec(SECRET, 'orders');
    const products = new ServiceTokenCodec(SECRET, 'products');
    const token = await caller.tokenFor('products');
    expect(await products.verify(token)).toBe('orders');
    vi.setSystemTime(Date.now() + 301_000);
    expect(await products.verify(token)).toBeNull();
  });
});
