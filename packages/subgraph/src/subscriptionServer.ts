import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { badInput, DEFAULT_MAX_INPUT_DEPTH, findTooDeepInput, forbidden, tooDeepMessage, type Caller, type Identity, type IdentityCodec } from '@ordergraph/core';
import type { TrafficMetrics } from '@ordergraph/telemetry';
import { quietProtocolErrors } from '@ordergraph/http';
import { KnownOperationTypesRule } from './security/knownOperationTypes.js';
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
  /** Largest WebSocket message accepted; a bigger one closes the socket with 1009. @default 1 MiB */
  maxMessageBytes?: number;
  /**
   * Most tokens in a subscription document when neither the connection nor the subscription
   * carries an identity the gateway signed (a direct caller, or an anonymous one through the
   * gateway, whose documents passed its 5,000-token limit and grow by a few key fields at most);
   * 0 for none. Signed ones are the gateway's own plans, not limited here. @default 10000
   */
  maxUnsignedTokens?: number;
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
  // ws accepts 100 MiB messages by default; the gateway's are a few KiB (its own limit is 64 KiB).
  const wss = new WebSocketServer({ server: options.server, path: options.path ?? '/graphql', maxPayload: options.maxMessageBytes ?? 1024 * 1024 });
  const rules = [...specifiedRules, KnownOperationTypesRule];
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
        // Parsed and validated here, not by graphql-ws: its own parse throws on a syntax error,
        // which closed the whole socket with 4500 (Internal server error).
        // Lexing stops at the limit: an unsigned caller cannot make validation run over a huge
        // document (same-named fields cost it quadratic time; HTTP has the same limit for direct callers).
        const maxTokens = identity || ctx.extra.identity ? undefined : (options.maxUnsignedTokens ?? 10_000) || undefined;
        let document: DocumentNode;
        try {
          document = parse(payload.query, maxTokens ? { maxTokens } : undefined);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(options.schema, document, rules);
        if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
        (ctx.extra.perSubscription ??= new Map()).set(id, { identity, meta: readSubscriptionMeta(payload.extensions) });
        ctx.extra.subscriptions?.set(id, options.traffic!.subscriptionStarted());
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables };
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
  quietProtocolErrors(wss);
  return {
    // graphql-ws closes every socket with 1001 (going away), so clients reconnect elsewhere.
    dispose: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const withCode = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
