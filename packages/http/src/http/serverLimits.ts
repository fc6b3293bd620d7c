import type { ServerOptions } from 'node:http';

/**
 * How long node:http waits for a client, on every port we serve (API and metrics).
 *
 * Node's defaults let one slow client hold a connection and its parser for a long time: 60 s to
 * finish the headers, 300 s to finish the body, checked only every 30 s. A few hundred
 * "slowloris" connections trickling a byte at a time then keep that many sockets and buffers alive
 * for minutes. Our requests are small (bodies ≤ 1 MiB), so a client that has not sent its headers
 * in 10 s or its whole request in 30 s is refused (408, connection closed), checked every second.
 * Response time is not limited here: an SSE stream or a slow resolver is not a slow request, and a
 * connection upgraded to WebSocket leaves the HTTP parser (graphql-ws has its own handshake timeout).
 */
export interface ServerLimits {
  /** Most time to receive a request's headers, from its first byte. @default 10000 */
  headersTimeoutMs: number;
  /** Most time to receive a whole request (headers and body). @default 30000 */
  requestTimeoutMs: number;
  /** Idle keep-alive connections are closed after this; above load balancers' usual 60 s. @default 65000 */
  keepAliveTimeoutMs: number;
  /** How often the two request timeouts are checked. @default 1000 */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  checkIntervalMs: 1_000,
};

/** node:http `createServer` options for these limits. */
export function serverOptions(limits: Partial<ServerLimits> = {}): ServerOptions {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, checkIntervalMs } = { ...DEFAULT_SERVER_LIMITS, ...limits };
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    connectionsCheckingInterval: checkIntervalMs,
  };
}
