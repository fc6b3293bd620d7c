import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface UpstreamClientsOptions {
  /** Ping interval on upstream connections, ms. @default 10000 */
  keepAliveMs?: number;
  /** Longest wait between reconnection attempts, ms. @default 5000 */
  maxRetryWaitMs?: number;
}

/**
 * One graphql-ws client per subgraph, multiplexing every upstream subscription the gateway
 * runs there over one WebSocket. Connections open on the first subscription, close a second
 * after the last, and reconnect with capped, jittered backoff; graphql-ws re-sends the
 * subscriptions that were running (each signs its caller per message, see SharedSubscription).
 */
export class UpstreamClients {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly options: UpstreamClientsOptions = {}) {}

  /** The client for a subgraph's GraphQL URL (http(s) is turned into ws(s)). */
  for(httpUrl: string): Client {
    let client = this.clients.get(httpUrl);
    if (!client) {
      const maxWait = this.options.maxRetryWaitMs ?? 5000;
      client = createClient({
        url: httpUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 1000,
        keepAlive: this.options.keepAliveMs ?? 10_000,
        retryAttempts: Number.POSITIVE_INFINITY,
        // Also when the subgraph refuses connections for a while (restart, deploy), not only on closes.
        shouldRetry: () => true,
        retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(maxWait, 200 * 2 ** retries) * (0.5 + Math.random() / 2))),
      });
      this.clients.set(httpUrl, client);
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map((c) => c.dispose()));
  }
}
