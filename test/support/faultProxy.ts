import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type ProxyMode = 'pass' | 'down' | 'slow';

/**
 * An HTTP hop between two services that a test can break: `down` drops every connection,
 * `slow` holds each request for `delayMs` before forwarding it (it still arrives, late).
 */
export class FaultProxy {
  mode: ProxyMode = 'pass';
  delayMs = 0;
  target = '';
  /** Requests seen, whatever happened to them. */
  requests = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      this.requests += 1;
      if (this.mode === 'down') {
        req.socket.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (this.mode === 'slow') await sleep(this.delayMs);
        try {
          const headers = Object.fromEntries(
            Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)),
          ) as Record<string, string>;
          const upstream = await fetch(this.target, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
          const body = Buffer.from(await upstream.arrayBuffer());
          if (res.destroyed) return;
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        } catch {
          if (!res.destroyed) res.writeHead(502).end();
        }
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
