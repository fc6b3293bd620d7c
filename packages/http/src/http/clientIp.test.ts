import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createClientIpResolver } from './clientIp.js';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, connection: { remoteAddress }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe('client IP', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(createClientIpResolver([])(request('::ffff:10.1.2.3', '1.2.3.4'))).toBe('10.1.2.3');
  });

  it('takes the first untrusted hop from the right when the peer is a trusted proxy', () => {
    const resolve = createClientIpResolver(['10.0.0.0/8']);
    expect(resolve(request('10.0.0.5', '203.0.113.7, 10.0.0.9'))).toBe('203.0.113.7');
    // A client-supplied left-most entry does not win over the hop the proxy saw.
    expect(resolve(request('10.0.0.5', '1.1.1.1, 198.51.100.2'))).toBe('198.51.100.2');
    // An untrusted peer's header is ignored.
    expect(resolve(request('192.0.2.1', '203.0.113.7'))).toBe('192.0.2.1');
  });

  it('fails at start-up on an invalid entry, naming TRUSTED_PROXIES', () => {
    expect(() => createClientIpResolver(['not-an-address'])).toThrow(/TRUSTED_PROXIES/);
  });
});
