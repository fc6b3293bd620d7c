// Node side of the storefront: serve it next to a gateway (the dev runner and the browser tests).
// The SPA reads the gateway's URL at run time from /config.js, which these servers generate.
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview, type Plugin } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface StorefrontServerOptions {
  /**
   * The gateway's GraphQL URL the browser calls, e.g. http://localhost:4000/graphql; a function
   * is asked on every page load (a test can start the storefront first, for the gateway's CORS list).
   */
  gatewayUrl: string | (() => string);
  /** @default 5173 */
  port?: number;
  /** @default 'localhost' */
  host?: string;
}

export interface StorefrontServer {
  /** Where a browser opens the storefront, e.g. http://localhost:5173/ */
  url: string;
  close(): Promise<void>;
}

/** Serves /config.js with the gateway's URL, ahead of the static public/config.js. */
function runtimeConfig(gatewayUrl: StorefrontServerOptions['gatewayUrl']): Plugin {
  const handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.url?.split('?')[0] !== '/config.js') return next();
    const url = typeof gatewayUrl === 'function' ? gatewayUrl() : gatewayUrl;
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(`window.ORDERGRAPH_CONFIG = ${JSON.stringify({ gatewayUrl: url })};\n`);
  };
  return {
    name: 'ordergraph-runtime-config',
    configureServer: (server) => void server.middlewares.use(handler),
    configurePreviewServer: (server) => void server.middlewares.use(handler),
  };
}

const urlOf = (server: { resolvedUrls: { local: string[]; network: string[] } | null }, fallback: string) =>
  server.resolvedUrls?.local[0] ?? server.resolvedUrls?.network[0] ?? fallback;

/** Vite's dev server (hot reload) for `pnpm dev`. */
export async function startStorefrontDevServer({ gatewayUrl, port = 5173, host = 'localhost' }: StorefrontServerOptions): Promise<StorefrontServer> {
  const server = await createServer({
    root,
    configFile: path.join(root, 'vite.config.ts'),
    plugins: [runtimeConfig(gatewayUrl)],
    server: { port, host, strictPort: true },
    logLevel: 'warn',
    clearScreen: false,
  });
  await server.listen();
  return { url: urlOf(server, `http://${host}:${port}/`), close: () => server.close() };
}

/**
 * Build the SPA into a fresh temporary directory and serve that build (what a static host
 * would serve), with /config.js pointing at `gatewayUrl`. For tests: `port` 0 picks a free one.
 */
export async function serveStorefrontBuild({ gatewayUrl, port = 0, host = '127.0.0.1' }: StorefrontServerOptions): Promise<StorefrontServer> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'ordergraph-storefront-'));
  const configFile = path.join(root, 'vite.config.ts');
  try {
    // A production build even when the caller runs with NODE_ENV=test (vitest): Vite and the React
    // plugin take NODE_ENV from the environment when it is set, so set it for the build's duration.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    const server = await preview({
      root,
      configFile,
      plugins: [runtimeConfig(gatewayUrl)],
      build: { outDir },
      preview: { port, host, strictPort: port !== 0 },
      logLevel: 'warn',
    });
    const address = server.httpServer.address();
    const url = typeof address === 'object' && address ? `http://${host}:${address.port}/` : urlOf(server, `http://${host}:${port}/`);
    return {
      url,
      close: async () => {
        await server.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}
