import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Refuse a WebSocket upgrade with a plain HTTP status (before any WebSocket exists). */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, headers: Record<string, string> = {}): void {
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const body = JSON.stringify({ errors: [{ message: reason }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
  );
  socket.destroy();
}

const STATUS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' };

/**
 * Browsers send `Origin` on WebSocket handshakes and do not apply CORS to them: the server
 * must check it (cross-site WebSocket hijacking). Only configured origins pass (the CORS
 * allow-list and the gateway's own public origin, `PUBLIC_ORIGIN`), compared in their
 * serialized form; the request's `Host` is never trusted, since whoever forges the handshake
 * chooses it. Clients without `Origin` (servers, CLIs) pass: they are not browsers.
 */
export function originAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes('*')) return true;
  const serialized = serializeOrigin(origin);
  return serialized !== null && allowedOrigins.some((allowed) => serializeOrigin(allowed) === serialized);
}

/** `scheme://host[:port]` as browsers send it (default port dropped, lower case), or null for junk and "null". */
function serializeOrigin(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const { origin } = new URL(value);
  return origin === 'null' ? null : origin;
}

/** Open connections per client IP. */
export class ConnectionCounter {
  private readonly perIp = new Map<string, number>();
  total = 0;

  count(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }

  /** @returns the release function, to call once when the connection closes. */
  opened(ip: string): () => void {
    this.total++;
    this.perIp.set(ip, this.count(ip) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = this.count(ip) - 1;
      if (left <= 0) this.perIp.delete(ip);
      else this.perIp.set(ip, left);
    };
  }
}

/** A token bucket: `rate` messages per second on average, `burst` at once. */
export class MessageBudget {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** @returns false when the message is over budget. */
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
