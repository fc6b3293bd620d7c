import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A built service: `start` binds the port, `stop` drains and releases everything. */
export interface Service {
  readonly name: string;
  start(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  /** The GraphQL URL once started. */
  readonly url: string;
}

export interface HttpServiceOptions {
  name: string;
  listener: Parameters<typeof createServer>[1];
  /** Called before the port is bound (start Apollo). */
  beforeListen?: () => Promise<void>;
  /** Called before the HTTP server closes (stop Apollo, end subscriptions). */
  beforeClose?: () => Promise<void>;
  /** Called after the HTTP server closed (close pools, databases). */
  afterClose?: () => Promise<void>;
  /** How long in-flight requests may take to finish on stop before connections are cut. @default 10000 */
  drainTimeoutMs?: number;
  /** Hook to attach to the raw server (e.g. WebSocket upgrades). */
  onServer?: (server: Server) => void;
}

export function createHttpService(options: HttpServiceOptions): Service {
  const server = createServer({ keepAliveTimeout: 65_000 }, options.listener);
  options.onServer?.(server);
  let url = '';
  // Whether beforeListen succeeded: a service built but never started only releases resources.
  let started = false;
  let stopping: Promise<void> | null = null;
  return {
    name: options.name,
    get url() {
      return url;
    },
    async start(port, host = '0.0.0.0') {
      await options.beforeListen?.();
      started = true;
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          url = `http://${shownHost}:${address.port}/graphql`;
          resolve(url);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        if (started) await options.beforeClose?.();
        if (server.listening) {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          // Keep-alive connections that finish a request after close() would hold it open forever:
          // keep closing idle ones while in-flight requests drain, then close whatever is left.
          const sweep = setInterval(() => server.closeIdleConnections(), 100);
          const deadline = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
          await closed;
          clearInterval(sweep);
          clearTimeout(deadline);
        }
        await options.afterClose?.();
      })();
      return stopping;
    },
  };
}
