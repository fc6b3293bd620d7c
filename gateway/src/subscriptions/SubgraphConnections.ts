import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Identity, IdentityCodec } from '@ordergraph/core';

export interface SubgraphConnectionsOptions {
  /** Subgraph GraphQL URL by subgraph name (http(s) URLs; ws(s) is derived). */
  urlOf: (subgraph: string) => string | undefined;
  identityCodec: IdentityCodec;
}

/**
 * Upstream graphql-ws connections from the gateway to subgraphs: one per (subgraph, caller),
 * carrying the caller's gateway-signed identity in `connection_init`, shared by all of that
 * caller's subscriptions to that subgraph and closed when the last one ends.
 */
export class SubgraphConnections {
  private readonly clients = new Map<string, { client: Client; users: number }>();

  constructor(private readonly options: SubgraphConnectionsOptions) {}

  /** A client for `subgraph` on behalf of `identity`; call `release` when done with it. */
  acquire(subgraph: string, identity: Identity | null): { client: Client; release: () => void } {
    const key = `${subgraph}|${identity ? `${identity.customerId}|${identity.role}` : '-'}`;
    let entry = this.clients.get(key);
    if (!entry) {
      const url = this.options.urlOf(subgraph);
      if (!url) throw new Error(`No URL for subgraph "${subgraph}"`);
      const codec = this.options.identityCodec;
      entry = {
        users: 0,
        client: createClient({
          url: url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          lazy: true,
          lazyCloseTimeout: 0,
          retryAttempts: 3,
          // Signed afresh on every (re)connect: the signature is short-lived.
          connectionParams: async () => (identity ? { identity: await codec.sign(identity) } : {}),
        }),
      };
      this.clients.set(key, entry);
    }
    entry.users += 1;
    const held = entry;
    let released = false;
    return {
      client: held.client,
      release: () => {
        if (released) return;
        released = true;
        held.users -= 1;
        if (held.users === 0 && this.clients.get(key) === held) {
          this.clients.delete(key);
          void held.client.dispose();
        }
      },
    };
  }

  /** Connections currently open (for metrics and tests). */
  get size(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((e) => e.client.dispose()));
  }
}
