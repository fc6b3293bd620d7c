import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';

export interface ResponseCompressionOptions {
  /**
   * Smallest response body compressed, in bytes (`GATEWAY_COMPRESSION_THRESHOLD_BYTES`): below
   * it, compressing costs more than the bytes it saves. @default 1024
   */
  thresholdBytes?: number;
}

type Middleware = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Negotiated response compression (`GATEWAY_COMPRESSION`) as a step of the HTTP handler's
 * middleware, through expressjs' `compression`: brotli (quality 4) when the client accepts it,
 * else gzip (level 6); never below the threshold, for HEAD, for `Cache-Control: no-transform`
 * or for content types that do not compress; `Vary: Accept-Encoding` on every response.
 * It wraps `res.write`/`res.end`, so every route (GraphQL, `/metrics`) is covered, and it never
 * touches WebSocket upgrades, which do not go through the request listener.
 */
export function createResponseCompression({ thresholdBytes = 1024 }: ResponseCompressionOptions = {}): Middleware {
  const compress = compression({ threshold: thresholdBytes });
  return (req, res) => {
    // `compression` is Connect-style; with plain node:http objects it calls next() synchronously.
    compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () => undefined);
    return false;
  };
}
