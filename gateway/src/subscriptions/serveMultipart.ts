import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@ordergraph/core';
import { HttpError } from '@ordergraph/http';
import { readStreamingRequest } from './streamingRequest.js';
import type { TrafficMetrics } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import type { IncrementalItem } from '../incremental/deferredPayload.js';
import { ConnectionCounter } from './connectionGuards.js';
import type { FederatedSubscriptions } from './FederatedSubscriptions.js';
import { MultipartWriter } from './MultipartWriter.js';
import { formatResult, startIncrementalOperation, type OperationRequest } from './startOperation.js';
import type { SubscriptionResult } from './SharedSubscription.js';
import type { WebSocketConfig } from './websocketConfig.js';

export interface MultipartOptions {
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  /** The HTTP context factory: authenticates the Authorization header like any request. */
  context: (req: IncomingMessage) => Promise<GatewayContext>;
  formatError: (formatted: GraphQLFormattedError) => GraphQLFormattedError;
  /** Connection limits shared with the other subscription transports. */
  limits: WebSocketConfig;
  /** Time between heartbeats (`{}` parts) of a subscription. @default 5000 */
  heartbeatMs?: number;
  maxBodyBytes: number;
  traffic: TrafficMetrics;
  /** Deepest nesting of an operation's input (`MAX_INPUT_DEPTH`). @default 64 */
  maxInputDepth?: number;
  /** @default '/graphql' */
  path?: string;
}

type Format = (formatted: GraphQLFormattedError) => GraphQLFormattedError;

/**
 * GraphQL over multipart HTTP, what Apollo Client's HttpLink speaks by default:
 * - subscriptions (Apollo's protocol, `Accept: multipart/mixed;subscriptionSpec="1.0"`): each
 *   event a part `{"payload":{…}}`, a `{}` heartbeat every few seconds, a fatal error as
 *   `{"payload":null,"errors":[…]}`, the end as the closing boundary;
 * - `@defer` (`Accept: multipart/mixed; deferSpec=20220824`): the first part with `hasNext`,
 *   then the deferred fragments as `incremental` items (see incremental/).
 * Operations run through startOperation (the WebSocket and SSE transports' pipeline, auth and
 * limits); refused ones get a plain JSON error response.
 */
export function createMultipartHandler(options: MultipartOptions) {
  const path = options.path ?? '/graphql';
  const counter = new ConnectionCounter();
  const open = new Set<MultipartWriter>();

  const handle = async (req: IncomingMessage, res: ServerResponse, accepts: Accepted) => {
    const request = await readOperation(req, options.maxBodyBytes);
    const context = await options.context(req);
    const started = await startIncrementalOperation(options.apollo, context, request, accepts.defer, options.maxInputDepth);
    switch (started.kind) {
      case 'refused':
        return json(res, 400, started.errors.map(options.formatError));
      case 'result':
        return json(res, 200, undefined, formatResult(started.result, options.formatError));
      case 'incremental':
        return writeIncremental(res, started.initial, started.subsequent, options.formatError);
      case 'subscription': {
        if (!accepts.subscriptions) return json(res, 406, [{ message: 'Subscriptions over multipart HTTP need `Accept: multipart/mixed;subscriptionSpec="1.0"`.', extensions: { code: ErrorCode.BAD_REQUEST } }]);
        const { limits } = options;
        if (counter.total >= limits.maxConnections || counter.count(context.clientIp) >= limits.maxConnectionsPerIp) {
          return json(res, 429, [{ message: 'Too many open subscriptions from this client.', extensions: { code: ErrorCode.RATE_LIMITED } }], undefined, { 'retry-after': '5' });
        }
        const writer = new MultipartWriter(res, 'graphql', 'subscriptionSpec="1.0"');
        const release = counter.opened(context.clientIp);
        const ended = options.traffic.subscriptionStarted();
        open.add(writer);
        const stream = options.subscriptions.open(started.planned, { identity: context.identity, clientIp: context.clientIp, onOverflow: () => res.destroy() });
        // Client gone (or cut off): leave the shared subscription, which ends upstream when it was the last one.
        res.once('close', () => {
          open.delete(writer);
          release();
          ended();
          void stream.return();
        });
        await streamEvents(writer, stream, options.heartbeatMs ?? 5000, options.formatError);
      }
    }
  };

  return {
    /** The middleware: true when it took the request. */
    middleware: (req: IncomingMessage, res: ServerResponse): boolean => {
      if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== path) return false;
      const accepts = negotiate(req.headers.accept);
      if (!accepts) return false;
      handle(req, res, accepts).catch((error: unknown) => fail(res, error, options.formatError));
      return true;
    },
    /** On shutdown: end every subscription stream with the closing boundary (clients resubscribe elsewhere). */
    close: () => {
      for (const writer of open) writer.end();
      open.clear();
    },
  };
}

interface Accepted {
  subscriptions: boolean;
  defer: boolean;
}

/** Which multipart protocols the client accepts; null for none (the request is not ours). */
function negotiate(accept: string | undefined): Accepted | null {
  if (!accept || !/multipart\/mixed/i.test(accept)) return null;
  const subscriptions = /subscriptionSpec\s*=\s*"?1\.0"?/i.test(accept);
  const defer = /deferSpec\s*=\s*"?20220824"?/i.test(accept);
  return subscriptions || defer ? { subscriptions, defer } : null;
}

/** The same CSRF prevention and field checks as SSE (streamingRequest.ts). */
function readOperation(req: IncomingMessage, maxBodyBytes: number): Promise<OperationRequest> {
  return readStreamingRequest(req, maxBodyBytes);
}

/** Subscription events as parts until the stream ends or the client leaves; heartbeats in between. */
async function streamEvents(writer: MultipartWriter, stream: AsyncIterableIterator<SubscriptionResult>, heartbeatMs: number, format: Format): Promise<void> {
  writer.part({}); // headers and a first part at once: the client knows the subscription is running
  const heartbeat = setInterval(() => writer.part({}), heartbeatMs);
  try {
    for await (const result of stream) {
      const formatted = formatResult(result, format);
      // An error without data ends the subscription (upstream gone, subgraph unavailable): a transport error.
      const body = formatted.data === undefined && formatted.errors?.length ? { payload: null, errors: formatted.errors } : { payload: formatted };
      if (!(await writer.partDrained(body))) break;
    }
  } finally {
    clearInterval(heartbeat);
    writer.end();
  }
}

/** `@defer`: the first part at once (hasNext), then every deferred fragment in one last part. */
async function writeIncremental(res: ServerResponse, initial: SubscriptionResult, subsequent: Promise<IncrementalItem[]>, format: Format): Promise<void> {
  const writer = new MultipartWriter(res, '-', 'deferSpec=20220824');
  writer.part({ ...formatResult(initial, format), hasNext: true });
  const items = await subsequent;
  const incremental = items.map((item) => (item.errors ? { ...item, errors: item.errors.map(format) } : item));
  writer.part(incremental.length > 0 ? { incremental, hasNext: false } : { hasNext: false });
  writer.end();
}

function fail(res: ServerResponse, error: unknown, format: Format): void {
  if (res.headersSent) return void res.destroy();
  if (error instanceof HttpError) return json(res, error.status, [{ message: error.message, extensions: { code: error.status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_REQUEST } }]);
  const graphqlError = error as GraphQLError;
  if (graphqlError?.extensions?.code) {
    // authenticate() says which status its errors get (401, or 503 when keys cannot be fetched), as for HTTP.
    const status = (graphqlError.extensions.http as { status?: number } | undefined)?.status ?? 400;
    return json(res, status, [format(graphqlError.toJSON())]);
  }
  json(res, 500, [{ message: 'Internal server error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }]);
}

function json(res: ServerResponse, status: number, errors?: GraphQLFormattedError[], body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body ?? { errors }));
}
