import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ShutdownConfig } from '@ordergraph/core';
import type { ServiceTelemetry } from '@ordergraph/telemetry';
import { ServiceLifecycle, untilDeadline, type Lifecycle } from './lifecycle.js';
import { serverOptions, type ServerLimits } from './http/serverLimits.js';
import { MetricsServer } from './metricsServer.js';

/** A built service: `start` binds the port, `stop` drains and releases everything. */
export interface Service {
  readonly name: string;
  start(port: number, host?: string): Promise<string>;
  /** Graceful: stop accepting, drain in-flight requests and tracked work, close resources. */
  stop(): Promise<void>;
  /** The GraphQL URL once started. */
  readonly url: string;
  /** Where `/metrics` is served once started (the API port or METRICS_PORT); null when metrics are off. */
  readonly metricsUrl: string | null;
  readonly lifecycle: Lifecycle;
  readonly telemetry: ServiceTelemetry;
}

export interface HttpServiceOptions {
  name: string;
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  telemetry: ServiceTelemetry;
  /** @default { delayMs: 0, timeoutMs: 25000 } */
  shutdown?: ShutdownConfig;
  /** Created by the caller when its own parts need it before the service exists. @default a new one */
  lifecycle?: ServiceLifecycle;
  /** Called before the port is bound (start Apollo). */
  beforeListen?: () => Promise<void>;
  /** Called once in-flight requests and tracked work have drained (stop Apollo). */
  beforeClose?: () => Promise<void>;
  /** Called last (close pools, databases). */
  afterClose?: () => Promise<void>;
  /** Hook to attach to the raw server (e.g. WebSocket upgrades). */
  onServer?: (server: Server) => void;
  /** Slow-client limits of the API and metrics ports. @default DEFAULT_SERVER_LIMITS */
  serverLimits?: Partial<ServerLimits>;
}

/** Time left after the deadline for work to hand itself to recovery and for pools to close. */
const HANDOFF_GRACE_MS = 1000;

const DRAINING_READINESS = '{"status":"not ready","ready":false,"checks":{"shutdown":"draining: the service is shutting down"}}';

/** Counts requests in flight (and the in-flight gauge) so the drain knows when it is idle. */
function trackRequests(inFlight: { inc(): void; dec(): void }) {
  let active = 0;
  let onIdle: (() => void) | null = null;
  return {
    get active() {
      return active;
    },
    begin(res: ServerResponse) {
      active += 1;
      inFlight.inc();
      res.once('close', () => {
        active -= 1;
        inFlight.dec();
        if (active === 0) onIdle?.();
      });
    },
    idle(): Promise<void> {
      return active === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onIdle = resolve));
    },
  };
}

type RequestTracker = ReturnType<typeof trackRequests>;

/** The HTTP server: counts each request; while draining, asks clients to reconnect elsewhere and fails readiness. */
function createListeningServer(options: HttpServiceOptions, lifecycle: ServiceLifecycle, requests: RequestTracker): Server {
  const server = createServer(serverOptions(options.serverLimits), (req, res) => {
    requests.begin(res);
    if (lifecycle.shuttingDown) {
      // Tell keep-alive clients to reconnect (to another replica) after this response.
      res.setHeader('connection', 'close');
      if (req.url === '/health/ready') {
        res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(DRAINING_READINESS);
        return;
      }
    }
    options.listener(req, res);
  });
  options.onServer?.(server);
  return server;
}

interface DrainParts {
  server: Server;
  lifecycle: ServiceLifecycle;
  requests: RequestTracker;
  shutdown: ShutdownConfig;
  logger: ServiceTelemetry['logger'];
}

/** Stop accepting, let requests and tracked work finish until the deadline, then cut what is left. */
async function drain({ server, lifecycle, requests, shutdown, logger }: DrainParts, deadline: number) {
  await lifecycle.begin(deadline);
  if (shutdown.delayMs > 0) await untilDeadline(new Promise((r) => setTimeout(r, shutdown.delayMs)), deadline);
  // Stops accepting; Node also closes idle keep-alive connections here. Connections still
  // in the accept backlog are reset by the kernel: their requests were never accepted.
  const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
  server.closeIdleConnections();
  await untilDeadline(requests.idle(), deadline - HANDOFF_GRACE_MS);
  const handedOff = await lifecycle.settle(deadline - HANDOFF_GRACE_MS, HANDOFF_GRACE_MS / 2);
  const requestsCut = requests.active;
  if (requestsCut > 0 || handedOff.length > 0) {
    logger.warn({ requestsCut, handedOff }, 'shutdown deadline reached: cutting connections, work left to recovery');
  }
  server.closeAllConnections();
  await closed;
  return { requestsCut, handedOff };
}

/** Bind the port; resolves the GraphQL URL. */
function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve(`http://${shownHost}:${address.port}/graphql`);
    });
  });
}

export function createHttpService(options: HttpServiceOptions): Service {
  const { telemetry, shutdown = { delayMs: 0, timeoutMs: 25_000 } } = options;
  const logger = telemetry.logger;
  const lifecycle = options.lifecycle ?? new ServiceLifecycle(logger);
  const requests = trackRequests(telemetry.graphql.inFlight);
  const server = createListeningServer(options, lifecycle, requests);
  const metricsServer = telemetry.metricsEnabled && telemetry.metricsPort !== null ? new MetricsServer(telemetry, telemetry.metricsPort, options.serverLimits) : null;
  let url = '';
  let metricsUrl: string | null = null;
  // Whether beforeListen succeeded: a service built but never started only releases resources.
  let started = false;
  let stopping: Promise<void> | null = null;

  return {
    name: options.name,
    lifecycle,
    telemetry,
    get url() {
      return url;
    },
    get metricsUrl() {
      return metricsUrl;
    },
    async start(port, host = '0.0.0.0') {
      await options.beforeListen?.();
      started = true;
      url = await listen(server, port, host);
      metricsUrl = metricsServer ? await metricsServer.listen(host) : telemetry.metricsEnabled ? url.replace(/\/graphql$/, '/metrics') : null;
      return url;
    },
    stop() {
      stopping ??= (async () => {
        const began = Date.now();
        const drained = await drain({ server, lifecycle, requests, shutdown, logger }, began + shutdown.timeoutMs);
        if (started) await options.beforeClose?.();
        await options.afterClose?.();
        // Last: metrics stay scrapeable while the service drains.
        await metricsServer?.close();
        logger.info({ durationMs: Date.now() - began, ...drained }, 'stopped');
        await telemetry.shutdown();
      })();
      return stopping;
    },
  };
}
