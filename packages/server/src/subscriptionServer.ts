import type { IncomingMessage, Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Caller, Identity, IdentityCodec } from '@ordergraph/core';
import type { TrafficMetrics } from '@ordergraph/telemetry';

/** What a subgraph's subscription connection carries in `connection_init`. */
export interface SubgraphConnectionParams {
  /** The caller's identity as signed by the gateway (the same token as the HTTP header). */
  identity?: string;
}

export interface SubgraphSubscriptionOptions<TContext> {
  server: Server;
  schema: GraphQLSchema;
  identityCodec: IdentityCodec;
  createContext: (caller: Caller, req: IncomingMessage) => TContext;
  /** @default '/graphql' */
  path?: string;
  /** Counts open connections and running subscriptions. */
  traffic?: TrafficMetrics;
}

type ConnectionExtra = {
  request: IncomingMessage;
  identity?: Identity | null;
  /** Gauge decrements owed when the connection or its subscriptions end. */
  closed?: () => void;
  subscriptions?: Map<string, () => void>;
};

/**
 * GraphQL subscriptions of a subgraph over WebSocket (graphql-ws protocol, on the GraphQL
 * path). The gateway is the client: it opens the upstream subscription with the caller's
 * signed identity in `connection_init`, verified once for the connection's lifetime.
 * A forged or expired identity is refused (close 4403); none means anonymous.
 */
export function attachSubscriptionServer<TContext>(options: SubgraphSubscriptionOptions<TContext>): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server: options.server, path: options.path ?? '/graphql' });
  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const params = (ctx.connectionParams ?? {}) as SubgraphConnectionParams;
        const identity = await options.identityCodec.verify(typeof params.identity === 'string' ? params.identity : null);
        if (params.identity && !identity) return false;
        ctx.extra.identity = identity;
        if (options.traffic) {
          ctx.extra.closed = options.traffic.websocketOpened();
          ctx.extra.subscriptions = new Map();
        }
        return true;
      },
      onSubscribe: (ctx, id) => {
        ctx.extra.subscriptions?.set(id, options.traffic!.subscriptionStarted());
      },
      onComplete: (ctx, id) => {
        ctx.extra.subscriptions?.get(id)?.();
        ctx.extra.subscriptions?.delete(id);
      },
      onClose: (ctx) => {
        for (const ended of ctx.extra.subscriptions?.values() ?? []) ended();
        ctx.extra.subscriptions?.clear();
        ctx.extra.closed?.();
      },
      context: (ctx) => options.createContext({ identity: ctx.extra.identity ?? null, service: null }, ctx.extra.request) as never,
    },
    wss,
  );
  return {
    // graphql-ws closes every socket with 1001 (going away), so clients reconnect elsewhere.
    dispose: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
