import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode, type DocumentNode, type ExecutionArgs, type GraphQLFormattedError } from 'graphql';
import { CloseCode, type FormattedExecutionResult, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';
import { ErrorCode, type Identity } from '@ordergraph/core';
import { quietProtocolErrors } from '@ordergraph/http';
import type { Logger, TrafficMetrics } from '@ordergraph/telemetry';
import type { ForwardedIdentitySigner } from '../auth/ForwardedIdentitySigner.js';
import { authenticate } from '../auth/authenticate.js';
import type { TokenVerifier } from '../auth/TokenVerifier.js';
import { gatewayContext, type GatewayContext } from '../context.js';
import { ConnectionCounter, MessageBudget, originAllowed, refuseUpgrade } from './connectionGuards.js';
import type { FederatedSubscriptions } from './FederatedSubscriptions.js';
import type { SubscriptionResult } from './SharedSubscription.js';
import { formatResult, startOperation } from './startOperation.js';
import type { WebSocketConfig } from './websocketConfig.js';

export interface WebSocketServerOptions {
  server: Server;
  /** @default '/graphql' */
  path?: string;
  /** Runs every operation's parse, validation and security plugins, then our executor. */
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  verifier: TokenVerifier;
  signer: ForwardedIdentitySigner;
  clientIp: (req: IncomingMessage) => string;
  allowedOrigins: readonly string[];
  limits: WebSocketConfig;
  formatError: (formatted: GraphQLFormattedError) => GraphQLFormattedError;
  traffic: TrafficMetrics;
  /** Deepest nesting of an operation's input (`MAX_INPUT_DEPTH`). @default 64 */
  maxInputDepth?: number;
  logger: Logger;
}

/** Policy violation (RFC 6455): flooding, or reading too slowly. Clients may reconnect. */
const POLICY_VIOLATION = 1008;

interface Connection {
  socket: WebSocket;
  request: IncomingMessage;
  clientIp: string;
  identity: Identity | null;
  /** Running subscriptions, by id: what ends each one's gauge. */
  running: Map<string, () => void>;
  /** Subscribe messages still being prepared (they count against the limit too). */
  starting: number;
  expiry: NodeJS.Timeout | null;
}

/** What onSubscribe hands to graphql-ws's execute/subscribe: the work is already done or running. */
type Prepared = { result: FormattedExecutionResult } | { stream: AsyncIterableIterator<SubscriptionResult> };

/** What the steps below share: options, the connection counter, and the handshake IPs. */
interface Transport {
  options: WebSocketServerOptions;
  path: string;
  counter: ConnectionCounter;
  /** The client IP of each handshake, resolved once (trusted proxies) and used for limits and subgraphs. */
  ipOf: WeakMap<IncomingMessage, string>;
  wss: WebSocketServer;
  disposing: boolean;
}

type Extra = { socket: WebSocket; request: IncomingMessage; connection?: Connection };

/**
 * GraphQL over WebSocket (graphql-transport-ws) on the gateway's GraphQL path. Every
 * `subscribe` message runs through Apollo Server like an HTTP request (parse, limits,
 * trusted documents, budget, authorization, cost), so the same rules hold on both
 * transports; subscriptions then run federated through FederatedSubscriptions, queries
 * and mutations are answered at once. Auth: an access token in `connection_init`.
 */
export function attachWebSocketServer(options: WebSocketServerOptions): { dispose(): Promise<void> } {
  const { limits } = options;
  const transport: Transport = {
    options,
    path: options.path ?? '/graphql',
    counter: new ConnectionCounter(),
    ipOf: new WeakMap(),
    wss: new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes }),
    disposing: false,
  };
  const onUpgrade = upgradeHandler(transport);
  options.server.on('upgrade', onUpgrade);
  guardConnections(transport);
  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: (ctx) => authenticateConnection(transport, ctx.extra, ctx.connectionParams),
      onSubscribe: (ctx, id, payload) => subscribeWithinLimit(transport, ctx.extra.connection!, id, payload),
      execute: (args) => (args.contextValue as { result: FormattedExecutionResult }).result as never,
      subscribe: (args) => (args.contextValue as { stream: AsyncIterableIterator<SubscriptionResult> }).stream as never,
      onNext: (ctx, _id, _payload, _args, result) => {
        const { socket } = ctx.extra;
        if (socket.bufferedAmount > limits.maxBufferedBytes) cutOff(transport, socket, 'Client too slow: send buffer full');
        return formatResult(result as SubscriptionResult, options.formatError);
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => options.formatError(e.toJSON())),
      onComplete: (ctx, id) => {
        const connection = ctx.extra.connection;
        connection?.running.get(id)?.();
        connection?.running.delete(id);
      },
      onClose: (ctx) => closeConnection(ctx.extra.connection),
    },
    transport.wss,
    limits.keepAliveMs > 0 ? limits.keepAliveMs : Number.POSITIVE_INFINITY,
  );
  quietProtocolErrors(transport.wss);

  return {
    // graphql-ws closes every socket with 1001 (going away): clients reconnect to another replica.
    dispose: async () => {
      transport.disposing = true;
      options.server.off('upgrade', onUpgrade);
      // Each closed socket ends its subscriptions; the gateway closes the engine itself once it stops.
      await server.dispose();
    },
  };
}

/** The HTTP upgrade: path, shutdown, origin and connection limits checked before the handshake. */
function upgradeHandler(transport: Transport) {
  const { options, path, counter, ipOf, wss } = transport;
  const { limits } = options;
  return (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== path) return refuseUpgrade(socket, 404, 'No WebSocket endpoint here.');
    if (transport.disposing) return refuseUpgrade(socket, 503, 'Shutting down.', { 'Retry-After': '1' });
    if (!originAllowed(req, options.allowedOrigins)) return refuseUpgrade(socket, 403, 'Origin not allowed.');
    const ip = options.clientIp(req);
    ipOf.set(req, ip);
    if (counter.total >= limits.maxConnections) return refuseUpgrade(socket, 503, 'Too many connections.', { 'Retry-After': '5' });
    if (counter.count(ip) >= limits.maxConnectionsPerIp) return refuseUpgrade(socket, 429, 'Too many connections from this client.', { 'Retry-After': '5' });
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
}

/** Before graphql-ws's own listener: count, meter and flood-check every connection. */
function guardConnections({ options, counter, ipOf, wss }: Transport): void {
  const { limits, traffic } = options;
  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const release = counter.opened(ipOf.get(req)!);
    const closed = traffic.websocketOpened();
    const budget = new MessageBudget(limits.messagesPerSecond, limits.messageBurst);
    socket.on('message', () => {
      if (!budget.take() && socket.readyState === socket.OPEN) socket.close(POLICY_VIOLATION, 'Too many messages');
    });
    socket.once('close', () => {
      release();
      closed();
    });
  });
}

/** `connection_init`: verify the token once; the connection ends when the token does. */
async function authenticateConnection(transport: Transport, extra: Extra, params: Record<string, unknown> | undefined): Promise<boolean> {
  const { socket, request } = extra;
  const token = tokenFrom(params, request);
  let identity: Identity | null = null;
  try {
    identity = await authenticate(token, transport.options.verifier);
  } catch (error) {
    const code = (error as GraphQLError).extensions?.code;
    if (code === ErrorCode.SERVICE_UNAVAILABLE) socket.close(1013, 'Sign-in cannot be checked right now. Try again shortly.');
    else socket.close(CloseCode.Unauthorized, 'Unauthorized: the access token is invalid or expired');
    return false;
  }
  const connection: Connection = { socket, request, clientIp: transport.ipOf.get(request)!, identity, running: new Map(), starting: 0, expiry: null };
  const exp = token ? decodeJwt(token.replace(/^Bearer\s+/i, '')).exp : undefined;
  if (exp !== undefined) {
    const ms = Math.max(0, exp * 1000 - Date.now());
    connection.expiry = setTimeout(() => socket.close(CloseCode.Unauthorized, 'Unauthorized: the access token expired'), Math.min(ms, 2 ** 31 - 1));
    connection.expiry.unref();
  }
  extra.connection = connection;
  return true;
}

/** `subscribe`: refused past the per-connection limit (subscriptions being prepared count too). */
async function subscribeWithinLimit(transport: Transport, connection: Connection, id: string, payload: SubscribePayload): Promise<ExecutionArgs | GraphQLError[]> {
  const max = transport.options.limits.maxSubscriptionsPerConnection;
  if (connection.running.size + connection.starting >= max) {
    return [new GraphQLError(`This connection already runs ${max} subscriptions, the most allowed. Complete one first.`, { extensions: { code: ErrorCode.TOO_MANY_SUBSCRIPTIONS } })];
  }
  connection.starting++;
  try {
    return await prepare(transport, connection, id, payload);
  } finally {
    connection.starting--;
  }
}

/** Run one `subscribe` message through Apollo Server: refused, answered, or planned as a subscription. */
async function prepare(transport: Transport, connection: Connection, id: string, payload: SubscribePayload): Promise<ExecutionArgs | GraphQLError[]> {
  const { options } = transport;
  const { identity, clientIp } = connection;
  const started = await startOperation(options.apollo, gatewayContext(options.signer, identity, clientIp), payload, options.maxInputDepth);
  switch (started.kind) {
    case 'refused':
      return started.errors.map(asGraphQLError);
    case 'result':
      // A query or mutation, already executed: one `next`, then `complete`.
      return executionArgs(OperationTypeNode.QUERY, { result: started.result });
    case 'subscription': {
      connection.running.set(id, options.traffic.subscriptionStarted());
      const stream = options.subscriptions.open(started.planned, {
        identity,
        clientIp,
        onOverflow: () => cutOff(transport, connection.socket, 'Client too slow: events were not read'),
      });
      return executionArgs(OperationTypeNode.SUBSCRIPTION, { stream });
    }
  }
}

function closeConnection(connection: Connection | undefined): void {
  if (!connection) return;
  if (connection.expiry) clearTimeout(connection.expiry);
  for (const ended of connection.running.values()) ended();
  connection.running.clear();
}

function cutOff(transport: Transport, socket: WebSocket, reason: string): void {
  if (socket.readyState !== socket.OPEN) return;
  transport.options.logger.warn({ reason }, 'closing a WebSocket connection');
  socket.close(POLICY_VIOLATION, reason);
  // A client that does not read will not answer the close either.
  setTimeout(() => socket.terminate(), 1000).unref();
}

/** The access token: `connection_init` payload first (browsers cannot set handshake headers), else the handshake's Authorization header. */
function tokenFrom(params: Record<string, unknown> | undefined, request: IncomingMessage): string | undefined {
  const headers = params?.headers && typeof params.headers === 'object' ? (params.headers as Record<string, unknown>) : undefined;
  const value = params?.authorization ?? params?.Authorization ?? headers?.authorization ?? headers?.Authorization ?? params?.token;
  if (typeof value === 'string' && value !== '') return /^bearer\s/i.test(value) ? value : `Bearer ${value}`;
  if (value !== undefined) return String(value);
  return request.headers.authorization;
}

/** A minimal document: graphql-ws only reads the operation type from it (the real work ran in onSubscribe). */
function executionArgs(operation: OperationTypeNode, prepared: Prepared): ExecutionArgs {
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [{ kind: Kind.OPERATION_DEFINITION, operation, selectionSet: { kind: Kind.SELECTION_SET, selections: [] } }],
  };
  return { schema: undefined as never, document, contextValue: prepared };
}

function asGraphQLError(formatted: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
}
