import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { DEFAULT_MAX_INPUT_DEPTH, ErrorCode, findTooDeepInput, tooDeepMessage } from '@ordergraph/core';
import type { ServiceTelemetry } from '@ordergraph/telemetry';
import { apolloLandingPageCsp } from './http/contentSecurityPolicy.js';
import type { SecurityHeaders } from './http/securityHeaders.js';
import { serveMetrics } from './metricsRoute.js';
import { runInServerSpan } from './requestSpan.js';

export interface ReadinessReport {
  ready: boolean;
  /** One entry per dependency: "ok" or why it is not ready ("degraded: …" for an optional one). */
  checks: Record<string, string>;
  /** Optional dependencies that are down: the service still serves, with less (e.g. per-process rate limits). */
  degraded?: string[];
}

export interface GraphQLHttpHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context (identity, DataLoaders). */
  context: (req: IncomingMessage) => Promise<TContext>;
  /** What `/health/ready` reports. @default always ready */
  readiness?: () => Promise<ReadinessReport>;
  /** Path that serves GraphQL. @default '/graphql' */
  path?: string;
  /** Largest request body accepted, in bytes. @default 1 MiB */
  maxBodyBytes?: number;
  /** Serves `/metrics` (when enabled) and opens a server span per GraphQL request. */
  telemetry: ServiceTelemetry;
  /**
   * Most operations in one batched (JSON array) request; larger batches get a 400 before any
   * work. Apollo Server's `allowBatchedHttpRequests` must be on for batches to run. @default 1
   */
  maxBatchSize?: number;
  /**
   * Deepest nesting of variables, extensions and document values; deeper requests get a 400
   * BAD_USER_INPUT before anything walks them recursively. @default 64
   */
  maxInputDepth?: number;
  /**
   * Run before routing, in order; one that answered the request itself (a CORS preflight)
   * returns true and the rest is skipped.
   */
  middleware?: Array<(req: IncomingMessage, res: ServerResponse) => boolean>;
  /** Adds security headers to every response (see createSecurityHeaders). */
  securityHeaders?: SecurityHeaders;
  /** Extra GET routes by path, e.g. `/.well-known/jwks.json`. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
  /** POST routes by path that read their own body, e.g. a payment provider's webhook. */
  postRoutes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
  /**
   * Serves a GraphQL request instead of Apollo Server (the subgraphs' lean execution path), or
   * answers null, before building the context or running anything, to leave it to Apollo.
   * Runs after the body, batch and depth checks. @default none: Apollo serves every request
   */
  fastPath?: (request: HTTPGraphQLRequest, context: () => Promise<TContext>) => Promise<HTTPGraphQLResponse | null>;
  /**
   * Checks a GraphQL request before anything parses its document (after the body, batch and
   * depth checks); throws an `HttpError` to refuse it. @default none
   */
  guard?: (req: IncomingMessage, request: HTTPGraphQLRequest) => void | Promise<void>;
}

/** A request refused at the HTTP level (status and a client-safe message). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** `extensions.code`; by default PAYLOAD_TOO_LARGE for 413, else BAD_REQUEST. */
    readonly code: string = status === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_REQUEST,
  ) {
    super(message);
  }
}

/** A GET request's operation fields, JSON-decoded as Apollo Server will decode them. */
function searchRequest(url: URL): Record<string, unknown> {
  const decode = (raw: string | null) => {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined; // Apollo Server refuses it with its own 400.
    }
  };
  return { query: url.searchParams.get('query'), variables: decode(url.searchParams.get('variables')), extensions: decode(url.searchParams.get('extensions')) };
}

/**
 * Refuse (400 BAD_REQUEST) a batch any of whose operations is malformed, before any of them runs.
 * Apollo Server checks each operation's fields only as it runs it, and runs a batch's operations
 * concurrently: a batch with one bad operation name got a 400 while the others were executed.
 */
export function assertBatchWellFormed(body: unknown): void {
  if (!Array.isArray(body)) return;
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  body.forEach((request: unknown, index) => {
    const problem = !isObject(request)
      ? 'must be an object'
      : (() => {
          const r = request as Record<string, unknown>;
          if (r.query !== undefined && typeof r.query !== 'string') return '"query" must be a string';
          if (r.operationName != null && typeof r.operationName !== 'string') return '"operationName" must be a string or null';
          if (r.variables != null && !isObject(r.variables)) return '"variables" must be an object or null';
          if (r.extensions != null && !isObject(r.extensions)) return '"extensions" must be an object or null';
          return null;
        })();
    if (problem) throw new HttpError(400, `Operation ${index} of the batch: ${problem}. Nothing in the batch was run.`);
  });
}

/** Refuse (400 BAD_USER_INPUT) a request, or any operation of a batch, nested past `maxDepth`. */
export function assertInputDepth(body: unknown, maxDepth: number): void {
  for (const request of Array.isArray(body) ? body : [body]) {
    if (request === null || typeof request !== 'object') continue;
    const part = findTooDeepInput(request as Record<string, unknown>, maxDepth);
    if (part) throw new HttpError(400, tooDeepMessage(part, maxDepth), ErrorCode.BAD_USER_INPUT);
  }
}

/** The request body as text, refused with 413 past `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(new HttpError(413, `Request body exceeds ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering but keep reading (and discarding) so the client gets the 413
        // instead of a reset connection; `connection: close` ends it after the response.
        req.off('data', onData);
        req.resume();
        chunks.length = 0;
        reject(new HttpError(413, `Request body exceeds ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  // Media types are case-insensitive; Apollo Server compares them lower-cased too.
  const type = contentType?.toLowerCase();
  if (type?.includes('application/json') || type?.includes('application/graphql-response+json')) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'The request body is not valid JSON.');
    }
  }
  return raw;
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeGraphQLResponse(
  res: ServerResponse,
  response: HTTPGraphQLResponse,
  securityHeaders: SecurityHeaders | undefined,
): Promise<void> {
  res.statusCode = response.status ?? 200;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  // Apollo's landing page (HTML for browsers): its own CSP in place of the API's, which the
  // handler wrote first and under which none of the page's scripts, styles or frames load.
  if (response.body.kind === 'complete' && response.headers.get('content-type')?.startsWith('text/html')) {
    const pageCsp = apolloLandingPageCsp(response.body.string);
    if (pageCsp) securityHeaders?.(res, pageCsp);
  }
  if (response.body.kind === 'complete') {
    // Encoded once, here: given a string, node:http walks it once for Content-Length and
    // once more to encode it; on `bench:gateway` (100 KB responses) those two passes over
    // JSON.stringify's unflattened result were a quarter of the gateway's CPU samples.
    res.end(Buffer.from(response.body.string, 'utf8'));
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** A `node:http` request listener serving GraphQL through Apollo Server, plus health routes. */
export function createGraphQLHttpHandler<TContext extends BaseContext>(
  options: GraphQLHttpHandlerOptions<TContext>,
): RequestListener {
  const { apollo, context, readiness, path = '/graphql', maxBodyBytes = 1024 * 1024, maxBatchSize = 1, telemetry } = options;
  const { maxInputDepth = DEFAULT_MAX_INPUT_DEPTH } = options;
  const { middleware = [], securityHeaders, routes = {}, postRoutes = {}, fastPath, guard } = options;
  const tracer = telemetry.tracing.tracer;
  return (req, res) => {
    securityHeaders?.(res);
    for (const step of middleware) if (step(req, res)) return;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendJson(res, 400, { error: 'Malformed request URL.' });
    }
    const route = routes[url.pathname];
    if (route && (req.method === 'GET' || req.method === 'HEAD')) return route(req, res);
    const postRoute = postRoutes[url.pathname];
    if (postRoute && req.method === 'POST') return postRoute(req, res);
    if (url.pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
    // On the API port only when asked (METRICS_PORT=api): by default production serves it on its own port.
    if (url.pathname === '/metrics' && telemetry.metricsEnabled && telemetry.metricsPort === null) return serveMetrics(telemetry, res);
    if (url.pathname === '/health/ready') {
      const check = readiness ?? (async () => ({ ready: true, checks: {} }));
      check()
        .then((report) => sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', ...report }))
        .catch((error: Error) => sendJson(res, 503, { status: 'not ready', ready: false, checks: { error: error.message } }));
      return;
    }
    // Unread request bodies are drained so the kept-alive connection stays usable.
    if (url.pathname !== path) {
      req.resume();
      return sendJson(res, 404, { error: `Not found. GraphQL is served at ${path}.` });
    }
    if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') {
      req.resume();
      res.setHeader('allow', 'GET, POST');
      return sendJson(res, 405, { error: 'Use GET or POST.' });
    }
    runInServerSpan(tracer, telemetry.service, req, res, () => void (async () => {
      try {
        const body = parseBody(await readBody(req, maxBodyBytes), req.headers['content-type']);
        if (Array.isArray(body) && maxBatchSize > 1 && body.length > maxBatchSize) {
          throw new HttpError(400, `A batch may hold at most ${maxBatchSize} operations; received ${body.length}.`);
        }
        assertBatchWellFormed(body);
        assertInputDepth(req.method === 'POST' ? body : searchRequest(url), maxInputDepth);
        const httpGraphQLRequest = { method: req.method ?? 'GET', headers: toHeaderMap(req), search: url.search, body };
        if (guard) await guard(req, httpGraphQLRequest);
        const requestContext = () => context(req);
        const response =
          (fastPath ? await fastPath(httpGraphQLRequest, requestContext) : null) ??
          (await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: requestContext }));
        await writeGraphQLResponse(res, response, securityHeaders);
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof HttpError ? error.message : 'Internal server error.';
        if (status === 500) telemetry.logger.error({ err: error }, 'request failed outside GraphQL execution');
        const code = error instanceof HttpError ? error.code : ErrorCode.INTERNAL_SERVER_ERROR;
        sendJson(res, status, { errors: [{ message, extensions: { code } }] }, status === 413 ? { connection: 'close' } : {});
      }
    })());
  };
}
