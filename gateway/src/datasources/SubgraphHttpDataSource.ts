import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLError } from 'graphql';
import { Pool } from 'undici';
import { ErrorCode } from '@ordergraph/core';
import { cacheHintFromHeader } from './cacheHint.js';
import { InFlightDeduplicator } from './InFlightDeduplicator.js';
import { graphql, INCOMING_OPERATION } from '../executor/gatewayInternals.js';

export interface SubgraphHttpDataSourceOptions {
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** The subgraph's name, for error messages. @default "subgraph" */
  name?: string;
  /** Keep-alive connections kept open to this subgraph. @default 64 */
  connections?: number;
  /** Abort a subgraph request after this many milliseconds. @default 30_000 */
  timeoutMs?: number;
  /**
   * Share one subgraph round trip between in-flight queries that get the same answer: same
   * body, same headers (per-request ones such as the request id aside) and same caller
   * (`callerKey`), so never across identities. Mutations never. @default false
   */
  dedupe?: boolean;
  /** Called each time a query joined another's round trip instead of sending its own. */
  onDeduplicated?: () => void;
}

/**
 * Sends subgraph fetches over a keep-alive undici `Pool` with `request()`: the stock
 * RemoteGraphQLDataSource goes through make-fetch-happen and node-fetch Request/Headers
 * objects, which the profile showed as a large share of the stock gateway's CPU.
 * Subclasses customise requests in `willSendRequest` exactly as with RemoteGraphQLDataSource
 * (`request.http.headers.set(...)`), so a data source can move between the two unchanged.
 */
export class SubgraphHttpDataSource<TContext extends Record<string, any> = Record<string, any>> implements GraphQLDataSource<TContext> {
  /** Headers that differ per request without changing the answer (ids, trace context). */
  static readonly PER_REQUEST_HEADERS: readonly string[] = ['x-request-id', 'traceparent', 'tracestate', 'baggage'];
  /** Headers left out of the deduplication key; what they stand for goes in `callerKey`. */
  protected readonly dedupeIgnoredHeaders: ReadonlySet<string> = new Set(SubgraphHttpDataSource.PER_REQUEST_HEADERS);
  readonly url: string;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly dedupe: InFlightDeduplicator | null;

  private readonly name: string;

  constructor({ url, name = 'subgraph', connections = 64, timeoutMs = 30_000, dedupe = false, onDeduplicated }: SubgraphHttpDataSourceOptions) {
    this.name = name;
    if (!URL.canParse(url)) throw new TypeError(`SubgraphHttpDataSource: expected an absolute http(s) URL, received ${JSON.stringify(url)}`);
    const parsed = new URL(url);
    this.url = url;
    this.path = `${parsed.pathname}${parsed.search}`;
    this.pool = new Pool(parsed.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    this.timeoutMs = timeoutMs;
    this.dedupe = dedupe ? new InFlightDeduplicator(onDeduplicated) : null;
  }

  /**
   * Who the subgraph answers for, when headers alone do not say it (e.g. a signed header that
   * is re-signed over time): part of the deduplication key. @default ''
   */
  protected callerKey(_options: GraphQLDataSourceProcessOptions<TContext>): string {
    return '';
  }

  willSendRequest?(options: GraphQLDataSourceProcessOptions<TContext>): void | Promise<void>;

  async process(options: GraphQLDataSourceProcessOptions<TContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    // A WHATWG Headers, like the node-fetch Headers RemoteGraphQLDataSource hands to willSendRequest.
    const headers = new Headers();
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers.append(name, value);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers };
    if (this.willSendRequest) await this.willSendRequest(options);
    if (!request.query) throw new Error('Missing query');
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
    const flatHeaders = Object.fromEntries(request.http.headers);
    const send = () => this.send(body, flatHeaders).catch((error: unknown) => Promise.reject(this.unavailable(error)));
    const incoming = options.kind === INCOMING_OPERATION ? options.incomingRequestContext : null;
    const isQuery = incoming?.operation?.operation !== 'mutation';
    const { text, cacheControl } = this.dedupe && isQuery ? await this.dedupe.run(this.dedupeKey(options, flatHeaders, body), send) : await send();
    const response = JSON.parse(text) as GatewayGraphQLResponse;
    const policy = incoming?.overallCachePolicy;
    if (policy && 'restrict' in policy) policy.restrict(cacheHintFromHeader(cacheControl));
    return response;
  }

  private dedupeKey(options: GraphQLDataSourceProcessOptions<TContext>, headers: Record<string, string>, body: string): string {
    const kept = Object.keys(headers)
      .filter((name) => !this.dedupeIgnoredHeaders.has(name))
      .sort()
      .map((name) => `${name}:${headers[name]}`);
    return `${this.callerKey(options)}\n${kept.join('\n')}\n${body}`;
  }

  private async send(body: string, headers: Record<string, string>): Promise<{ text: string; cacheControl: string | undefined }> {
    const response = await this.pool.request({ method: 'POST', path: this.path, headers, body, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
    const text = await response.body.text();
    const contentType = String(response.headers['content-type'] ?? '');
    const isJson = contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json');
    if (response.statusCode < 200 || response.statusCode > 299) throw this.errorFromResponse(response.statusCode, text, isJson);
    if (!isJson || !text.startsWith('{')) throw new Error(`Expected JSON response body, but received: ${text.slice(0, 200)}`);
    const cacheControl = response.headers['cache-control'];
    return { text, cacheControl: Array.isArray(cacheControl) ? cacheControl.join(', ') : cacheControl };
  }

  /** The same error RemoteGraphQLDataSource raises for a non-2xx subgraph response. */
  private errorFromResponse(status: number, text: string, isJson: boolean): GraphQLError {
    let body: unknown = text;
    if (isJson) {
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
    }
    const statusText = STATUS_TEXT[status] ?? '';
    const extensions: Record<string, unknown> = { response: { url: this.url, status, statusText, body } };
    if (status === 401) extensions.code = 'UNAUTHENTICATED';
    else if (status === 403) extensions.code = 'FORBIDDEN';
    return new graphql.GraphQLError(`${status}: ${statusText}`, { extensions });
  }

  /**
   * A subgraph that cannot be reached, times out or answers 5xx (or not GraphQL at all) is a
   * dependency outage: the client gets SERVICE_UNAVAILABLE with `retryable: true`, never an
   * internal error, and can retry (a mutation with its idempotencyKey, as its outcome is unknown).
   * Client errors (4xx) keep their own mapping.
   */
  private unavailable(error: unknown): unknown {
    const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
    if (status !== undefined && status < 500) return error;
    const timedOut = /TIMEOUT/i.test((error as { code?: string }).code ?? '') || (error as Error).name === 'AbortError';
    return new graphql.GraphQLError(
      timedOut
        ? `The ${this.name} service did not answer in time; the outcome is unknown. Try again shortly (mutations with the same idempotencyKey).`
        : `The ${this.name} service is unavailable right now. Try again shortly.`,
      { originalError: error as Error, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, ...(status ? { response: { status } } : {}) } },
    );
  }

  /** Close the keep-alive connections. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
