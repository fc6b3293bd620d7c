import { describe, expect, it } from 'vitest';
import { canTransition, transition, TRANSITIONS } from './transitions.js';

const STATUSES = Object.keys(TRANSITIONS) as Array<keyof typeof TRANSITIONS>;
const LEGAL = new Set([
  'PENDING>RESERVED', 'PENDING>FAILED', 'RESERVED>PAID', 'RESERVED>FAILED', 'PAID>CONFIRMED', 'PAID>FAILED',
  'CONFIRMED>SHIPPED', 'CONFIRMED>CANCELLED', 'SHIPPED>DELIVERED',
]);

describe('order status transitions', () => {
  it('allow exactly the saga and fulfilment paths', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) expect(canTransition(from, to), `${from} → ${to}`).toBe(LEGAL.has(`${from}>${to}`));
    }
  });

  it('refuse an illegal transition before touching the database', async () => {
    const untouchable = new Proxy({}, { get: () => { throw new Error('the database must not be used'); } });
    await expect(transition(untouchable as never, { id: 'o' }, 'DELIVERED', 'CANCELLED')).rejects.toMatchObject({
      extensions: { code: 'ILLEGAL_TRANSITION', from: 'DELIVERED', to: 'CANCELLED' },
    });
  });
});
