import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@ordergraph/core';
import { HttpError } from '@ordergraph/http';
import type { BoundedQueue } from '@ordergraph/pubsub';
import type { TrafficMetrics } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import { ConnectionCounter } from './connectionGuards.js';
import type { FederatedSubscriptions } from './FederatedSubscriptions.js';
import type { SubscriptionResult } from './SharedSubscription.js';
import type { OperationRequest } from './startOperation.js';
import { readStreamingRequest } from './streamingRequest.js';
import type { PlannedSubscription } from './types.js';
import type { WebSocketConfig } from './websocketConfig.js';

// The opening and the refusals the HTTP streaming transports (SSE, multipart) share; each keeps
// only its own framing (events or parts) and heartbeat.

export type Format = (formatted: GraphQLFormattedError) => GraphQLFormattedError;

export interface StreamingOptions {
  apollo: ApolloServer<GatewayContext>;
  subscriptions: FederatedSubscriptions;
  /** The HTTP context factory: authenticates the Authorization header like any request. */
  context: (req: IncomingMessage) => Promise<GatewayContext>;
  formatError: Format;
  /** Connection limits shared with the WebSocket transport. */
  limits: WebSocketConfig;
  maxBodyBytes: number;
  traffic: TrafficMetrics;
  /** Deepest nesting of an operation's input (`MAX_INPUT_DEPTH`). @default 64 */
  maxInputDepth?: number;
  /** @default '/graphql' */
  path?: string;
}

/** A streaming POST's operation (CSRF and fields checked as on the HTTP path) and its authenticated caller. */
export async function readStreamingCall(req: IncomingMessage, options: StreamingOptions): Promise<{ request: OperationRequest; context: GatewayContext }> {
  const request = await readStreamingRequest(req, options.maxBodyBytes);
  return { request, context: await options.context(req) };
}

/** One transport's open subscription streams, within the connection limits. */
export class OpenStreams<THandle> {
  private readonly counter = new ConnectionCounter();
  readonly open = new Set<THandle>();

  constructor(
    private readonly options: StreamingOptions,
    /** What the 429 calls them ("event streams", "subscriptions"). */
    private readonly what: string,
  ) {}

  /** Answers 429 (and returns true) when this client may not open another stream. */
  refuseWhenFull(res: ServerResponse, clientIp: string): boolean {
    const { limits } = this.options;
    if (this.counter.total < limits.maxConnections && this.counter.count(clientIp) < limits.maxConnectionsPerIp) return false;
    sendJson(res, 429, { errors: [{ message: `Too many open ${this.what} from this client.`, extensions: { code: ErrorCode.RATE_LIMITED } }] }, { 'retry-after': '5' });
    return true;
  }

  /**
   * Join the (shared) upstream subscription for this caller, counted until the returned `close`
   * (idempotent), which also runs when the client leaves: the stream, its gauge and its slot end together.
   */
  subscribe(res: ServerResponse, planned: PlannedSubscription, context: GatewayContext, handle: THandle): { stream: BoundedQueue<SubscriptionResult>; close: () => void } {
    const release = this.counter.opened(context.clientIp);
    const ended = this.options.traffic.subscriptionStarted();
    this.open.add(handle);
    const stream = this.options.subscriptions.open(planned, { identity: context.identity, clientIp: context.clientIp, onOverflow: () => res.destroy() });
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.open.delete(handle);
      release();
      ended();
      void stream.return();
    };
    res.once('close', close);
    return { stream, close };
  }
}

/** A request that failed before its stream started: the same status and error as on the HTTP path. */
export function failStreamingRequest(res: ServerResponse, error: unknown, format: Format): void {
  if (res.headersSent) return void res.destroy();
  if (error instanceof HttpError) {
    return sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_REQUEST } }] });
  }
  const graphqlError = error as GraphQLError;
  if (graphqlError?.extensions?.code) {
    // authenticate() says which status its errors get (401, or 503 when keys cannot be fetched), as for HTTP.
    const status = (graphqlError.extensions.http as { status?: number } | undefined)?.status ?? 400;
    return sendJson(res, status, { errors: [format(graphqlError.toJSON())] });
  }
  sendJson(res, 500, { errors: [{ message: 'Internal server error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
