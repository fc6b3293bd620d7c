import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTelemetryConfig } from '@ordergraph/core';
import { createSubgraphTelemetry } from '@ordergraph/telemetry';
import { DEFAULT_SERVER_LIMITS } from './http/serverLimits.js';
import { createHttpService, type Service } from './service.js';

/** A raw TCP client: the test decides exactly which bytes go out and when. */
function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

/** Waits until the socket has received a whole response (status line and an end of headers). */
function untilResponse(client: { socket: Socket; received: () => string }): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      if (client.received().includes('\r\n\r\nok')) {
        client.socket.off('data', check);
        resolve(client.received());
      }
    };
    client.socket.on('data', check);
    check();
  });
}

const GET = 'GET /hello HTTP/1.1\r\nhost: localhost\r\n\r\n';

describe('createHttpService: slow clients (slowloris)', () => {
  const limits = { headersTimeoutMs: 400, requestTimeoutMs: 1200, checkIntervalMs: 100 };
  let service: Service;
  let port: number;
  let server: Server | undefined;

  beforeAll(async () => {
    service = createHttpService({
      name: 'limits-test',
      telemetry: createSubgraphTelemetry('limits-test', loadTelemetryConfig({}, 'test'), () => null),
      listener: (_req, res) => {
        _req.resume();
        _req.once('end', () => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok'));
      },
      serverLimits: limits,
      onServer: (s) => (server = s),
    });
    port = Number(new URL(await service.start(0, '127.0.0.1')).port);
  });
  afterAll(() => service.stop());

  it('closes a connection whose headers never finish, and still answers others meanwhile', async () => {
    const slow = await open(port);
    const started = Date.now();
    slow.socket.write('POST /graphql HTTP/1.1\r\nhost: localhost\r\nx-slow: a');
    // An ordinary client on another connection is answered at once while the slow one hangs.
    const fast = await open(port);
    fast.socket.write(GET);
    expect(await untilResponse(fast)).toMatch(/^HTTP\/1\.1 200/);
    const closedAt = await slow.closed;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAt - started).toBeGreaterThanOrEqual(limits.headersTimeoutMs - 50);
    expect(closedAt - started).toBeLessThan(limits.headersTimeoutMs + 2000);
    fast.socket.destroy();
  });

  it('closes a connection whose body trickles in past the request timeout', async () => {
    const slow = await open(port);
    const started = Date.now();
    slow.socket.write('POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"q');
    // A byte now and then keeps the socket busy, as a slowloris client does.
    const trickle = setInterval(() => slow.socket.writable && slow.socket.write(' '), 100);
    const closedAt = await slow.closed;
    clearInterval(trickle);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAt - started).toBeGreaterThanOrEqual(limits.requestTimeoutMs - 50);
    expect(closedAt - started).toBeLessThan(limits.requestTimeoutMs + 2000);
  });

  it('keeps an idle keep-alive connection between requests (the header timeout starts with a request)', async () => {
    const client = await open(port);
    client.socket.write(GET);
    await untilResponse(client);
    // Idle for longer than the header timeout and several checks: the connection must survive.
    await new Promise((resolve) => setTimeout(resolve, limits.headersTimeoutMs * 2));
    const before = client.received().length;
    client.socket.write(GET);
    await new Promise<void>((resolve) => {
      const check = () => client.received().slice(before).includes('\r\n\r\nok') && resolve();
      client.socket.on('data', check);
    });
    expect(client.received().slice(before)).toMatch(/^HTTP\/1\.1 200/);
    client.socket.destroy();
  });

  it('deploys with the documented defaults', () => {
    const defaults = createHttpService({
      name: 'defaults',
      telemetry: createSubgraphTelemetry('defaults', loadTelemetryConfig({}, 'test'), () => null),
      listener: (_req, res) => res.end(),
      onServer: (s) => {
        expect(s.headersTimeout).toBe(DEFAULT_SERVER_LIMITS.headersTimeoutMs);
        expect(s.requestTimeout).toBe(DEFAULT_SERVER_LIMITS.requestTimeoutMs);
        expect(s.keepAliveTimeout).toBe(DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs);
      },
    });
    expect(DEFAULT_SERVER_LIMITS).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
    expect(server?.headersTimeout).toBe(limits.headersTimeoutMs);
    void defaults;
  });
});
