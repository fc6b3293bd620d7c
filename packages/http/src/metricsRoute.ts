import type { ServerResponse } from 'node:http';
import type { ServiceTelemetry } from '@ordergraph/telemetry';

/** Serve the service's Prometheus registry (text exposition format). */
export function serveMetrics(telemetry: ServiceTelemetry, res: ServerResponse): void {
  telemetry.registry.metrics().then(
    (body) => {
      res.writeHead(200, { 'content-type': telemetry.registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
    (error: Error) => {
      telemetry.logger.error({ err: error }, 'collecting metrics failed');
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('collecting metrics failed\n');
    },
  );
}
