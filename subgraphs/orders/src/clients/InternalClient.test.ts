import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { CircuitState } from 'cockatiel';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServiceTokenCodec } from '@ordergraph/core';
import { DependencyUnavailable, InternalClient } from './InternalClient.js';

/** `hang`: never answer; the handler ends when the client gives up and closes the connection. */
type Reply = { status?: number; body?: unknown; hang?: boolean };
let server: Server;
let url: string;
let replies: Reply[] = [];
let calls: Array<{ service: string | undefined }> = [];
const products = new ServiceTokenCodec('a-shared-service-secret-for-tests', 'products');
const orders = new ServiceTokenCodec('a-shared-service-secret-for-tests', 'orders');

beforeAll(async () => {
  server = createServer(async (req, res) => {
    for await (const _ of req);
    calls.push({ service: await products.verify(req.headers['x-ordergraph-service'] as string) ?? undefined });
    const reply = replies.shift() ?? { body: { data: { ok: true } } };
    if (reply.hang) {
      await once(res, 'close');
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
beforeEach(() => {
  replies = [];
  calls = [];
});

const client = (overrides: Partial<ConstructorParameters<typeof InternalClient>[0]> = {}) =>
  new InternalClient({ service: 'products', url, tokens: orders, timeoutMs: 200, retries: 2, breakerThreshold: 10, breakerResetMs: 200, ...overrides });

describe('InternalClient', () => {
  it('calls with a service token the callee verifies as coming from orders', async () => {
    expect(await client().request('{ ok }', {}, { idempotent: true })).toEqual({ ok: true });
    expect(calls).toEqual([{ service: 'orders' }]);
  });

  it('retries idempotent calls on 5xx, then succeeds', async () => {
    replies = [{ status: 503 }, { status: 500 }];
    expect(await client().request('{ ok }', {}, { idempotent: true })).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
  });

  it('never retries a non-idempotent call', async () => {
    replies = [{ status: 503 }];
    await expect(client().request('{ ok }', {}, { idempotent: false })).rejects.toBeInstanceOf(DependencyUnavailable);
    expect(calls).toHaveLength(1);
  });

  it('does not retry a business error and reports its code', async () => {
    replies = [{ body: { errors: [{ message: 'nope', extensions: { code: 'FORBIDDEN' } }] } }];
    await expect(client().request('{ ok }', {}, { idempotent: true })).rejects.toMatchObject({ name: 'Error', code: 'FORBIDDEN', service: 'products' });
    expect(calls).toHaveLength(1);
  });

  it('times out each attempt', async () => {
    replies = [{ hang: true }, { hang: true }, { hang: true }];
    await expect(client().request('{ ok }', {}, { idempotent: true })).rejects.toThrow(/timed out after 200 ms/);
    expect(calls).toHaveLength(3);
  });

  it('opens the breaker after consecutive failures, fails fast, and closes after a good trial call', async () => {
    const c = client({ retries: 0, breakerThreshold: 3 });
    replies = [{ status: 503 }, { status: 503 }, { status: 503 }];
    for (let i = 0; i < 3; i++) await expect(c.request('{ ok }', {}, { idempotent: true })).rejects.toBeInstanceOf(DependencyUnavailable);
    expect(c.breaker.state).toBe(CircuitState.Open);
    await expect(c.request('{ ok }', {}, { idempotent: true })).rejects.toThrow(/circuit breaker is open/);
    expect(calls).toHaveLength(3);
    // While open, calls fail fast without reaching the server; once it lets a trial call through
    // (after breakerResetMs) and that succeeds, it closes.
    const answered = await vi.waitFor(() => c.request<{ ok: boolean }>('{ ok }', {}, { idempotent: true }), { timeout: 5000, interval: 20 });
    expect(answered).toEqual({ ok: true });
    expect(calls).toHaveLength(4);
    expect(c.breaker.state).toBe(CircuitState.Closed);
  });
});
