import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceTelemetry } from '@ordergraph/telemetry';
import { serverOptions, type ServerLimits } from './http/serverLimits.js';
import { serveMetrics } from './metricsRoute.js';

/**
 * `/metrics` on a port of its own (METRICS_PORT), so the public API port never serves it:
 * operation names, error counts and saga outcomes are for the operator's Prometheus only.
 * Nothing else is served there.
 */
export class MetricsServer {
  private readonly server: Server;

  constructor(
    private readonly telemetry: ServiceTelemetry,
    private readonly port: number,
    limits?: Partial<ServerLimits>,
  ) {
    this.server = createServer(serverOptions(limits), (req, res) => {
      const pathname = (req.url ?? '/').split('?')[0];
      if (pathname === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) return serveMetrics(this.telemetry, res);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only /metrics is served on this port.\n');
    });
  }

  /** @returns the URL of `/metrics` once bound. */
  listen(host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, host, () => {
        this.server.off('error', reject);
        const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
        resolve(`http://${shownHost}:${(this.server.address() as AddressInfo).port}/metrics`);
      });
    });
  }

  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
