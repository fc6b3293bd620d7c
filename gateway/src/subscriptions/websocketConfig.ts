import { booleanFlag, integer, parseEnv } from '@ordergraph/core';

/** GraphQL over WebSocket at the gateway (issue 4); docs/subscriptions.md explains each limit. */
export interface WebSocketConfig {
  /** Serve subscriptions over WebSocket on the GraphQL path (`WS_ENABLED`). @default true */
  enabled: boolean;
  /** Open connections per gateway process (`WS_MAX_CONNECTIONS`); more are refused with HTTP 503. @default 10000 */
  maxConnections: number;
  /** Open connections per client IP (`WS_MAX_CONNECTIONS_PER_IP`); more are refused with HTTP 429. @default 100 */
  maxConnectionsPerIp: number;
  /** Running subscriptions per connection (`WS_MAX_SUBSCRIPTIONS_PER_CONNECTION`); more get TOO_MANY_SUBSCRIPTIONS. @default 50 */
  maxSubscriptionsPerConnection: number;
  /** Time a new connection has to send `connection_init` (`WS_CONNECTION_INIT_TIMEOUT_MS`), else close 4408. @default 3000 */
  connectionInitTimeoutMs: number;
  /** Server ping interval (`WS_KEEPALIVE_MS`); a client that misses a pong is dropped. 0 turns pings off. @default 12000 */
  keepAliveMs: number;
  /** Largest message a client may send (`WS_MAX_MESSAGE_BYTES`); larger closes 1009. @default 65536 */
  maxMessageBytes: number;
  /** Messages per second a client may send on one connection, on average (`WS_MESSAGES_PER_SECOND`). @default 20 */
  messagesPerSecond: number;
  /** Messages a client may send in a burst (`WS_MESSAGE_BURST`); beyond the rate and burst: close 1008. @default 100 */
  messageBurst: number;
  /** Events waiting for a slow client per subscription (`WS_MAX_BUFFERED_EVENTS`); more: close 1008. @default 100 */
  maxBufferedEvents: number;
  /** Bytes waiting in a socket's send buffer (`WS_MAX_BUFFERED_BYTES`); more: close 1008. @default 4 MiB */
  maxBufferedBytes: number;
  /** Time between heartbeat parts (`{}`) of a multipart HTTP subscription (`MULTIPART_HEARTBEAT_MS`). @default 5000 */
  multipartHeartbeatMs: number;
}

export function loadWebSocketConfig(env: Record<string, string | undefined>): WebSocketConfig {
  const parsed = parseEnv(
    {
      WS_ENABLED: booleanFlag(true),
      WS_MAX_CONNECTIONS: integer(10_000),
      WS_MAX_CONNECTIONS_PER_IP: integer(100),
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: integer(50),
      WS_CONNECTION_INIT_TIMEOUT_MS: integer(3000, 100),
      WS_KEEPALIVE_MS: integer(12_000, 0),
      WS_MAX_MESSAGE_BYTES: integer(64 * 1024, 1024),
      WS_MESSAGES_PER_SECOND: integer(20),
      WS_MESSAGE_BURST: integer(100),
      WS_MAX_BUFFERED_EVENTS: integer(100),
      WS_MAX_BUFFERED_BYTES: integer(4 * 1024 * 1024, 1024),
      MULTIPART_HEARTBEAT_MS: integer(5000, 50),
    },
    env,
  );
  return {
    enabled: parsed.WS_ENABLED,
    maxConnections: parsed.WS_MAX_CONNECTIONS,
    maxConnectionsPerIp: parsed.WS_MAX_CONNECTIONS_PER_IP,
    maxSubscriptionsPerConnection: parsed.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    connectionInitTimeoutMs: parsed.WS_CONNECTION_INIT_TIMEOUT_MS,
    keepAliveMs: parsed.WS_KEEPALIVE_MS,
    maxMessageBytes: parsed.WS_MAX_MESSAGE_BYTES,
    messagesPerSecond: parsed.WS_MESSAGES_PER_SECOND,
    messageBurst: parsed.WS_MESSAGE_BURST,
    maxBufferedEvents: parsed.WS_MAX_BUFFERED_EVENTS,
    maxBufferedBytes: parsed.WS_MAX_BUFFERED_BYTES,
    multipartHeartbeatMs: parsed.MULTIPART_HEARTBEAT_MS,
  };
}
