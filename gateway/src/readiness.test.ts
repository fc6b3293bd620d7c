import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.js';

/** A stand-in subgraph answering every request with `status`. */
async function listen(status: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' }).end('{"data":{"__typename":"Query"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

describe('checkReadiness', () => {
  let healthy: { server: Server; url: string };
  let failing: { server: Server; url: string };
  let closedUrl: string;

  beforeAll(async () => {
    healthy = await listen(200);
    failing = await listen(500);
    const closed = await listen(200);
    closedUrl = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
  });
  afterAll(async () => {
    for (const s of [healthy, failing]) await new Promise((resolve) => s?.server.close(resolve));
  });

  it('is not ready before the supergraph loads', async () => {
    expect(await checkReadiness(null)).toEqual({ ready: false, checks: { supergraph: 'not loaded yet' } });
  });

  it('is ready when every subgraph answers', async () => {
    expect(await checkReadiness([{ name: 'users', url: healthy.url }])).toEqual({
      ready: true,
      checks: { supergraph: 'ok', 'subgraph:users': 'ok' },
    });
  });

  it('is not ready when one subgraph fails or is unreachable, and says which and why', async () => {
    const report = await checkReadiness([
      { name: 'users', url: healthy.url },
      { name: 'reviews', url: failing.url },
      { name: 'inventory', url: closedUrl },
    ]);
    expect(report.ready).toBe(false);
    expect(report.checks).toMatchObject({ supergraph: 'ok', 'subgraph:users': 'ok', 'subgraph:reviews': `HTTP 500 from ${failing.url}` });
    expect(report.checks['subgraph:inventory']).toContain(`unreachable at ${closedUrl}`);
  });
});
