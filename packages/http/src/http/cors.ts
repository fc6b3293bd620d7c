import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

export interface CorsOptions {
  /** Origins allowed to call from a browser (`ALLOWED_ORIGINS`); empty allows none. */
  allowedOrigins: readonly string[];
}

/**
 * CORS with an allow-list (the `cors` package). Returns a function that applies the headers
 * and answers preflight requests itself (returns true then). No credentials mode: tokens go
 * in the Authorization header, never in cookies.
 */
export function createCors({ allowedOrigins }: CorsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowAll = allowedOrigins.includes('*');
  const middleware = cors({
    origin: allowAll ? '*' : [...allowedOrigins],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id', 'apollographql-client-name', 'apollographql-client-version'],
    exposedHeaders: ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'retry-after', 'x-request-id'],
    maxAge: 600,
    credentials: false,
  });
  return (req, res) => {
    if (!req.headers.origin) return false;
    let handled = true;
    // With a static origin list the middleware is synchronous: it either ends a preflight or calls next.
    middleware(req as Parameters<typeof middleware>[0], res as unknown as Parameters<typeof middleware>[1], () => {
      handled = false;
    });
    return handled;
  };
}
