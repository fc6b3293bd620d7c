import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { productionEnv } from '../support/productionEnv.js';

// Requests found by the red-team pass (docs/operations.md, "Hostile requests and fault drills")
// that each service, reached directly, answered with a masked INTERNAL_SERVER_ERROR (logged as a
// crash) or a closed socket instead of a client error with a stable code. Production mode.
let stack: TestStack;
type Service = 'gateway' | 'accounts' | 'products' | 'orders' | 'payments';
const SERVICES: Service[] = ['gateway', 'accounts', 'products', 'orders', 'payments'];
const urlOf = (service: Service) => (service === 'gateway' ? stack.gatewayUrl : stack.subgraphs[service].url);

async function post(service: Service, body: unknown) {
  const response = await fetch(urlOf(service), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

beforeAll(async () => {
  stack = await startTestStack(await productionEnv());
});
afterAll(async () => {
  await stack?.stop();
});

describe('persisted queries Apollo Server refuses without a code', () => {
  const cases = [
    ['a hash that does not match the query', { version: 1, sha256Hash: 'a'.repeat(64) }],
    ['an unsupported version', { version: 2, sha256Hash: 'a'.repeat(64) }],
  ] as const;
  for (const service of SERVICES) {
    it(`${service}: answered 400 BAD_REQUEST, not a masked INTERNAL_SERVER_ERROR`, async () => {
      for (const [, persistedQuery] of cases) {
        const { status, body } = await post(service, { query: '{ __typename }', extensions: { persistedQuery } });
        expect(status).toBe(400);
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
      }
    });
  }
});

describe('an operation type the service has no root type for', () => {
  for (const service of ['accounts', 'products', 'payments'] as const) {
    it(`${service}: subscription over HTTP fails validation (400), it does not crash execution`, async () => {
      for (const query of ['subscription { __typename }', 'subscription { anything }']) {
        const { status, body } = await post(service, { query });
        expect(status).toBe(400);
        expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    });
  }
});

/** A raw graphql-transport-ws socket to the orders subgraph: every message and the close code. */
function rawSocket(url: string) {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: any[] = [];
  const waiters: Array<() => void> = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (predicate: (m: any) => boolean) => {
    for (;;) {
      const found = messages.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve, reject) => {
        waiters.push(resolve);
        void closed.then((code) => reject(new Error(`socket closed with ${code} before the expected message: ${JSON.stringify(messages)}`)));
      });
    }
  };
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed, next, opened };
}

describe('orders subgraph WebSocket (graphql-ws), reached directly', () => {
  it('a subscribe with a syntax error is that subscription\'s error, the socket stays open', async () => {
    const socket = rawSocket(stack.subgraphs.orders.url);
    await socket.opened;
    socket.ws.send(JSON.stringify({ type: 'connection_init' }));
    await socket.next((m) => m.type === 'connection_ack');
    socket.ws.send(JSON.stringify({ id: 'bad', type: 'subscribe', payload: { query: 'subscription {' } }));
    const error = await socket.next((m) => m.id === 'bad');
    expect(error.type).toBe('error');
    expect(error.payload[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    socket.ws.send(JSON.stringify({ id: 'invalid', type: 'subscribe', payload: { query: 'subscription { nope }' } }));
    const invalid = await socket.next((m) => m.id === 'invalid');
    expect(invalid.type).toBe('error');
    expect(invalid.payload[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // The same socket still serves a valid operation.
    socket.ws.send(JSON.stringify({ id: 'ok', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect(await socket.next((m) => m.id === 'ok' && m.type === 'next')).toEqual({ id: 'ok', type: 'next', payload: { data: { __typename: 'Query' } } });
    socket.ws.close();
    await socket.closed;
  });

  it('a message over the size limit closes the socket with 1009 (ws allowed 100 MiB)', async () => {
    const socket = rawSocket(stack.subgraphs.orders.url);
    await socket.opened;
    socket.ws.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await socket.closed).toBe(1009);
    expect(socket.messages).toEqual([]);
  });
});

describe('WebSocket protocol errors from a client', () => {
  for (const service of ['gateway', 'orders'] as const) {
    it(`${service}: an oversize message or a text frame of invalid UTF-8 closes the socket, and writes no stack trace to the log`, async () => {
      // graphql-ws answered each with console.error("Internal error emitted on a WebSocket socket…", stack).
      const consoleError = vi.spyOn(console, 'error');
      try {
        const oversize = rawSocket(urlOf(service));
        await oversize.opened;
        oversize.ws.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(2 * 1024 * 1024) } }));
        expect(await oversize.closed).toBe(1009);
        const invalidUtf8 = rawSocket(urlOf(service));
        await invalidUtf8.opened;
        invalidUtf8.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
        expect(await invalidUtf8.closed).toBe(1007);
        expect(consoleError.mock.calls.map((args) => String(args[0]))).toEqual([]);
      } finally {
        consoleError.mockRestore();
      }
    });
  }
});
