import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import type { ServiceTelemetry } from '@ordergraph/telemetry';
import { serveMetrics } from './metricsRoute.js';
import { runInServerSpan } from './requestSpan.js';

export interface ReadinessReport {
  ready: boolean;
  /** One entry per dependency: "ok" or why it is not ready. */
  checks: Record<string, string>;
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
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(new HttpError(413, `Request body exceeds ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let overflowed = false;
    req.on('data', (chunk: Buffer) => {
      if (overflowed) return;
      size += chunk.length;
      if (size > limit) {
        // Keep reading (and dropping) rather than destroying the request: destroying it closes
        // the socket, and the client would never see the 413. The 413 closes the connection.
        overflowed = true;
        chunks.length = 0;
        reject(new HttpError(413, `Request body exceeds ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/json') || contentType?.includes('application/graphql-response+json')) {
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

async function writeGraphQLResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  res.statusCode = response.status ?? 200;
  for (const [key, value] of response.headers) res.setHeader(key, value);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
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
  const { apollo, context, readiness, telemetry, path = '/graphql', maxBodyBytes = 1024 * 1024 } = options;
  const tracer = telemetry.tracing.tracer;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics' && telemetry.metricsEnabled) return serveMetrics(telemetry, res);
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
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers: toHeaderMap(req), search: url.search, body },
          context: () => context(req),
        });
        await writeGraphQLResponse(res, response);
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof HttpError ? error.message : 'Internal server error.';
        if (status === 500) telemetry.logger.error({ err: error }, 'request failed outside GraphQL execution');
        const tooLarge = status === 413;
        const code = tooLarge ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
        sendJson(
          res,
          status,
          { errors: [{ message, extensions: { code } }] },
          // Close rather than read the rest of an oversized body just to reuse the connection.
          tooLarge ? { connection: 'close' } : {},
        );
      }
    })());
  };
}
