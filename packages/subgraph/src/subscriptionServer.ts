import type { IncomingMessage, Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { badInput, DEFAULT_MAX_INPUT_DEPTH, findTooDeepInput, forbidden, tooDeepMessage, type Caller, type Identity, type IdentityCodec } from '@ordergraph/core';
import type { TrafficMetrics } from '@ordergraph/telemetry';
import { attachSubscriptionMeta, readSubscriptionMeta, takeSubscriptionPosition } from './subscriptionResume.js';

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
  /** Deepest nesting of a subscribe payload's input. @default 64 */
  maxInputDepth?: number;
}

type ConnectionExtra = {
  request: IncomingMessage;
  identity?: Identity | null;
  /**
   * What single subscriptions carry, by subscription id: an identity (`extensions.identity`) and
   * resume points and position requests (`extensions.resumable` / `resume`).
   */
  perSubscription?: Map<string, { identity?: Identity; meta: ReturnType<typeof readSubscriptionMeta> }>;
  /** Gauge decrements owed when the connection or its subscriptions end. */
  closed?: () => void;
  subscriptions?: Map<string, () => void>;
};

/**
 * GraphQL subscriptions of a subgraph over WebSocket (graphql-ws protocol, on the GraphQL
 * path). The gateway is the client: it opens the upstream subscription with the caller's
 * signed identity in `connection_init`, verified once for the connection's lifetime.
 * A forged or expired identity is refused (close 4403); none means anonymous.
 *
 * A gateway multiplexing many callers over one connection instead signs each subscription:
 * `extensions.identity` in the `subscribe` message (verified when it arrives) overrides the
 * connection's identity for that subscription; a forged one is refused with FORBIDDEN.
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
      onSubscribe: async (ctx, id, payload) => {
        const maxDepth = options.maxInputDepth ?? DEFAULT_MAX_INPUT_DEPTH;
        const tooDeep = findTooDeepInput(payload, maxDepth);
        if (tooDeep) return [badInput(tooDeepMessage(tooDeep, maxDepth))];
        const signed = (payload.extensions as { identity?: unknown } | undefined)?.identity;
        let identity: Identity | undefined;
        if (signed !== undefined) {
          identity = (typeof signed === 'string' ? await options.identityCodec.verify(signed) : null) ?? undefined;
          if (!identity) return [forbidden('The subscription carries an identity the gateway did not sign (or it expired).')];
        }
        (ctx.extra.perSubscription ??= new Map()).set(id, { identity, meta: readSubscriptionMeta(payload.extensions) });
        ctx.extra.subscriptions?.set(id, options.traffic!.subscriptionStarted());
        return undefined;
      },
      onComplete: (ctx, id) => {
        ctx.extra.subscriptions?.get(id)?.();
        ctx.extra.subscriptions?.delete(id);
        ctx.extra.perSubscription?.delete(id);
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        const position = takeSubscriptionPosition(args.contextValue);
        if (!position) return undefined;
        return { ...result, errors: result.errors?.map((e) => e.toJSON()), extensions: { ...result.extensions, position } };
      },
      onClose: (ctx) => {
        for (const ended of ctx.extra.subscriptions?.values() ?? []) ended();
        ctx.extra.subscriptions?.clear();
        ctx.extra.closed?.();
      },
      context: (ctx, id) => {
        const carried = ctx.extra.perSubscription?.get(id);
        const context = options.createContext({ identity: carried?.identity ?? ctx.extra.identity ?? null, service: null }, ctx.extra.request) as object;
        return (carried ? attachSubscriptionMeta(context, carried.meta) : context) as never;
      },
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
