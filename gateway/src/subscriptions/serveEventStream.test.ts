import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApolloServer } from '@apollo/server';
import type { TrafficMetrics } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import { BoundedQueue } from '@ordergraph/pubsub';
import type { FederatedSubscriptions } from './FederatedSubscriptions.js';
import { createEventStreamHandler } from './serveEventStream.js';
import type { SubscriptionResult } from './SharedSubscription.js';
import type { WebSocketConfig } from './websocketConfig.js';

/** The handler over a real HTTP server, with Apollo and the subscription engine stubbed. */
async function serve() {
  const streams: Array<BoundedQueue<SubscriptionResult>> = [];
  const gauge = { open: 0, executed: 0 };
  const apollo = {
    // A subscription as our executor plans it: the transport then opens the stream.
    executeOperation: async (_request: unknown, { contextValue }: { contextValue: GatewayContext }) => {
      gauge.executed++;
      contextValue.subscription!.planned = {} as never;
      return { body: { kind: 'single', singleResult: {} } };
    },
  } as unknown as ApolloServer<GatewayContext>;
  const subscriptions = {
    open: () => {
      const stream = new BoundedQueue<SubscriptionResult>({ maxBuffered: 1000, onOverflow: () => undefined, onReturn: () => undefined });
      streams.push(stream);
      return stream;
    },
  } as unknown as FederatedSubscriptions;
  const traffic = {
    subscriptionStarted: () => {
      gauge.open++;
      return () => void gauge.open--;
    },
  } as unknown as TrafficMetrics;
  const handler = createEventStreamHandler({
    apollo,
    subscriptions,
    context: async () => ({ requestId: 'r', identity: null, clientIp: '127.0.0.1', identityHeader: async () => '' }),
    formatError: (e) => e,
    limits: { maxConnections: 10, maxConnectionsPerIp: 10 } as WebSocketConfig,
    maxBodyBytes: 100_000,
    traffic,
  });
  const responses: ServerResponse[] = [];
  const server = createServer((req, res) => {
    responses.push(res);
    if (!handler.middleware(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, streams, gauge, responses };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('GraphQL over SSE', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['text/plain with a JSON-looking parameter', 'text/plain; charset=application/json'],
    ['form-encoded', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no content type', undefined],
  ])('refuses a %s POST (sent cross-site without a preflight) before anything runs', async (_name, contentType) => {
    const { port, gauge } = await serve();
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { accept: 'text/event-stream', ...(contentType ? { 'content-type': contentType } : {}) },
      body: JSON.stringify({ query: 'subscription { orderUpdated { id } }' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(gauge.executed).toBe(0);
  });

  it('refuses fields of the wrong type as the HTTP path does', async () => {
    const { port, gauge } = await serve();
    for (const body of [{ query: 1 }, { query: '{ a }', operationName: 42 }, { query: '{ a }', variables: [] }, { query: '{ a }', extensions: 'x' }]) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    }
    expect(gauge.executed).toBe(0);
  });

  it('ends the handler, its gauge and its stream when a client that stopped reading disconnects', async () => {
    const { port, streams, gauge, responses } = await serve();
    const body = JSON.stringify({ query: 'subscription { orderUpdated { id } }' });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', path: '/graphql', method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json' } }, resolve);
      req.on('error', reject);
      req.end(body);
    });
    expect(response.statusCode).toBe(200);
    response.pause(); // a slow client: reads nothing more
    await until(() => gauge.open === 1, 'the subscription to open');
    const stream = streams[0]!;
    // Far more than the socket buffers hold: the handler ends up waiting for 'drain'.
    const big = 'x'.repeat(1 << 20);
    for (let i = 0; i < 64; i++) stream.push({ data: { big } } as SubscriptionResult);
    // The handler is now blocked on back-pressure: what it waits for ('drain') never comes.
    await until(() => responses[0]!.writableNeedDrain, 'the send buffer to fill');
    response.socket.destroy();
    await until(() => gauge.open === 0, 'the handler to end after the client left');
    expect(stream.push({ data: {} } as SubscriptionResult)).toBe(false);
  });
});
