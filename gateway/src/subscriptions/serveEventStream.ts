import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { HttpError } from '@ordergraph/http';
import type { TrafficMetrics } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import { ConnectionCounter } from './connectionGuards.js';
import type { FederatedSubscriptions } from './FederatedSubscriptions.js';
import { readStreamingRequest } from './streamingRequest.js';
import { formatResult, startOperation } from './startOperation.js';
import type { WebSocketConfig } from './websocketConfig.js';

export interface EventStreamOptions {
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  /** The HTTP context factory: authenticates the Authorization header like any request. */
  context: (req: IncomingMessage) => Promise<GatewayContext>;
  formatError: (formatted: GraphQLFormattedError) => GraphQLFormattedError;
  limits: WebSocketConfig;
  maxBodyBytes: number;
  traffic: TrafficMetrics;
  /** Deepest nesting of an operation's input (`MAX_INPUT_DEPTH`). @default 64 */
  maxInputDepth?: number;
  /** @default '/graphql' */
  path?: string;
}

const HEARTBEAT_MS = 12_000;

/**
 * GraphQL over Server-Sent Events, "distinct connections" mode of the GraphQL-over-SSE protocol
 * (the `graphql-sse` client with `singleConnection: false`), for clients behind proxies that
 * block WebSocket: `POST /graphql` with `Accept: text/event-stream` and a JSON body. Each result is
 * an `event: next`, the end an `event: complete`. Auth, limits and execution are the WebSocket
 * transport's; operations refused before execution get a plain JSON error response.
 */
export function createEventStreamHandler(options: EventStreamOptions) {
  const path = options.path ?? '/graphql';
  const counter = new ConnectionCounter();
  const open = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const request = await readStreamingRequest(req, options.maxBodyBytes);
    const context = await options.context(req);
    const { limits } = options;
    if (counter.total >= limits.maxConnections || counter.count(context.clientIp) >= limits.maxConnectionsPerIp) {
      return json(res, 429, [{ message: 'Too many open event streams from this client.', extensions: { code: 'RATE_LIMITED' } }], { 'retry-after': '5' });
    }
    const started = await startOperation(options.apollo, context, request, options.maxInputDepth);
    if (started.kind === 'refused') return json(res, 400, started.errors.map(options.formatError));
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    if (started.kind === 'result') {
      res.write(event('next', formatResult(started.result, options.formatError)));
      return res.end(event('complete'));
    }
    const release = counter.opened(context.clientIp);
    const ended = options.traffic.subscriptionStarted();
    open.add(res);
    const stream = options.subscriptions.open(started.planned, {
      identity: context.identity,
      clientIp: context.clientIp,
      onOverflow: () => res.destroy(),
    });
    const heartbeat = setInterval(() => res.write(':\n\n'), HEARTBEAT_MS);
    // The client leaving ends the stream, which ends the loop below: the handler, its gauge and
    // its upstream subscription all end together, whatever the loop was waiting for.
    res.once('close', () => void stream.return());
    try {
      res.flushHeaders();
      for await (const result of stream) {
        // Back-pressure: a client that does not read fills the stream's bounded buffer and is cut off.
        if (!res.write(event('next', formatResult(result, options.formatError)))) await drainedOrClosed(res);
      }
      if (!res.writableEnded && !res.destroyed) res.end(event('complete'));
    } finally {
      clearInterval(heartbeat);
      open.delete(res);
      release();
      ended();
      void stream.return();
    }
  };

  return {
    /** The middleware: true when it took the request. */
    middleware: (req: IncomingMessage, res: ServerResponse): boolean => {
      if (req.method !== 'POST' || !req.headers.accept?.includes('text/event-stream')) return false;
      if ((req.url ?? '/').split('?')[0] !== path) return false;
      handle(req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (error instanceof HttpError) return json(res, error.status, [{ message: error.message, extensions: { code: error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }]);
        const graphqlError = error as GraphQLError;
        if (graphqlError?.extensions?.code) {
          // authenticate() says which status its errors get (401, or 503 when keys cannot be fetched), as for HTTP.
          const status = (graphqlError.extensions.http as { status?: number } | undefined)?.status ?? 400;
          return json(res, status, [options.formatError(graphqlError.toJSON())]);
        }
        json(res, 500, [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      });
      return true;
    },
    /** On shutdown: end every stream (clients reconnect to another replica). */
    close: () => {
      for (const res of open) res.end(event('complete'));
    },
  };
}

/** Resolves when `res` can take more, or will never take more (the client left or was cut off). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  if (res.destroyed || res.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function event(name: 'next' | 'complete', data?: unknown): string {
  return `event: ${name}\ndata: ${data === undefined ? '' : JSON.stringify(data)}\n\n`;
}

function json(res: ServerResponse, status: number, errors: GraphQLFormattedError[], headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ errors }));
}
