import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionCounter, MessageBudget, originAllowed } from './connectionGuards.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('originAllowed', () => {
  it('admits no Origin (non-browser clients) and the configured origins; refuses others and junk', () => {
    expect(originAllowed(req({ host: 'api.example:4000' }), [])).toBe(true);
    expect(originAllowed(req({ host: 'api.example:4000', origin: 'http://shop.example' }), ['http://shop.example'])).toBe(true);
    expect(originAllowed(req({ host: 'api.example:4000', origin: 'HTTP://Shop.Example:80' }), ['http://shop.example'])).toBe(true);
    expect(originAllowed(req({ host: 'api.example:4000', origin: 'http://evil.example' }), ['http://shop.example'])).toBe(false);
    expect(originAllowed(req({ host: 'api.example:4000', origin: 'null' }), ['null'])).toBe(false);
    expect(originAllowed(req({ host: 'api.example:4000', origin: 'https://api.example:4000' }), ['https://api.example:4000'])).toBe(true);
  });

  it('never trusts the Host header: a page whose origin matches a forged Host is refused', () => {
    expect(originAllowed(req({ host: 'evil.example', origin: 'https://evil.example' }), [])).toBe(false);
    expect(originAllowed(req({ host: 'evil.example', origin: 'https://evil.example' }), ['https://shop.example'])).toBe(false);
    expect(originAllowed(req({ host: 'api.example:4000', origin: 'http://api.example:4000' }), [])).toBe(false);
  });
});

describe('ConnectionCounter', () => {
  it('counts per IP and in total; releasing twice counts once', () => {
    const counter = new ConnectionCounter();
    const a = counter.opened('1.1.1.1');
    counter.opened('1.1.1.1');
    counter.opened('2.2.2.2');
    expect([counter.count('1.1.1.1'), counter.count('2.2.2.2'), counter.total]).toEqual([2, 1, 3]);
    a();
    a();
    expect([counter.count('1.1.1.1'), counter.total]).toEqual([1, 2]);
  });
});

describe('MessageBudget', () => {
  it('allows a burst, then the rate', () => {
    vi.useFakeTimers();
    try {
      const budget = new MessageBudget(2, 5);
      expect(Array.from({ length: 6 }, () => budget.take())).toEqual([true, true, true, true, true, false]);
      vi.advanceTimersByTime(1000);
      expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, false]);
    } finally {
      vi.useRealTimers();
    }
  });
});
