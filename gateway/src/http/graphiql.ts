import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { loadGraphiQLAssets } from '@ordergraph/graphiql';
import { SELF_ONLY_PAGE_CSP, type SecurityHeaders } from '@ordergraph/http';
import type { GraphiQLConfig } from './graphiqlConfig.js';

export interface GraphiQLOptions extends GraphiQLConfig {
  /** The GraphQL endpoint's path (HTTP and WebSocket). */
  endpoint: string;
  securityHeaders: SecurityHeaders;
  logger: { warn(message: string): void };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
};

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A browser navigating to the endpoint (Accept lists text/html before JSON), not a GraphQL client. */
const wantsHtml = (req: IncomingMessage) => {
  const accept = req.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  const json = accept.search(/application\/(graphql-response\+)?json/);
  return html >= 0 && (json < 0 || html < json);
};

/**
 * Middleware serving GraphiQL (the @ordergraph/graphiql bundle) at `path`, with its files under
 * `<path>/assets/`, all from the gateway's own origin under a self-only CSP: an explorer that
 * works where no CDN is reachable. With `landingPage`, browsers opening the endpoint get it too.
 */
export function createGraphiQL(options: GraphiQLOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const assets = loadGraphiQLAssets();
  if (!assets) options.logger.warn('GraphiQL is enabled but not built: run `pnpm --filter @ordergraph/graphiql build` (pnpm install does it).');
  const assetPrefix = `${options.path}/assets/`;
  const html = assets && page(assets.manifest, assetPrefix, options.endpoint);
  const files = new Set(assets ? [assets.manifest.script, assets.manifest.style, ...Object.values(assets.manifest.workers)] : []);

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = (req.url ?? '/').split('?')[0]!;
    const isPage = pathname === options.path || (options.landingPage && pathname === options.endpoint && wantsHtml(req) && !(req.url ?? '').includes('?'));
    if (!isPage && !pathname.startsWith(assetPrefix)) return false;
    options.securityHeaders(res, SELF_ONLY_PAGE_CSP);
    if (!assets || !html) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('GraphiQL is not built on this server: run `pnpm --filter @ordergraph/graphiql build`.');
      return true;
    }
    if (isPage) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : html);
      return true;
    }
    const name = pathname.slice(assetPrefix.length);
    // Only the manifest's own files, or the fonts next to them: never a path built from the URL.
    if (!files.has(name) && !/^[\w-]+\.(ttf|woff2|svg)$/.test(name)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
      return true;
    }
    const stream = createReadStream(path.join(assets.assetsDir, name));
    stream.once('error', () => res.headersSent ? res.destroy() : res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.'));
    stream.once('open', () => {
      // Content-hashed names: a changed file is a new URL.
      res.writeHead(200, { 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable' });
      if (req.method === 'HEAD') {
        stream.destroy();
        res.end();
      } else stream.pipe(res);
    });
    return true;
  };
}

function page(manifest: { script: string; style: string; workers: Record<string, string> }, assetPrefix: string, endpoint: string): string {
  const workers = Object.fromEntries(Object.entries(manifest.workers).map(([label, file]) => [label, assetPrefix + file]));
  const config = escapeAttribute(JSON.stringify({ endpoint, workers }));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <title>GraphiQL · OrderGraph</title>
    <link rel="stylesheet" href="${assetPrefix}${manifest.style}" />
    <script type="module" src="${assetPrefix}${manifest.script}"></script>
  </head>
  <body>
    <div id="graphiql" data-config="${config}">Loading GraphiQL…</div>
  </body>
</html>
`;
}
