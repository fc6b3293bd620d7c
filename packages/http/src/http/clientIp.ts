import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
const normalise = (ip: string) => (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);

/**
 * Resolve the client address the way Express does (proxy-addr): walk `X-Forwarded-For`
 * from the right only while each hop is a trusted proxy. With no trusted proxies the
 * header is ignored, so clients cannot choose the IP their rate limits count against.
 */
export function createClientIpResolver(trustedProxies: readonly string[]): (req: IncomingMessage) => string {
  if (trustedProxies.length === 0) return (req) => normalise(req.socket.remoteAddress ?? 'unknown');
  let trust: ReturnType<typeof proxyAddr.compile>;
  try {
    trust = proxyAddr.compile([...trustedProxies]);
  } catch (error) {
    throw new Error(`TRUSTED_PROXIES: ${(error as Error).message}; expected addresses, CIDR ranges, loopback, linklocal or uniquelocal`);
  }
  return (req) => {
    if (!req.socket.remoteAddress) return 'unknown';
    return normalise(proxyAddr(req, trust));
  };
}
