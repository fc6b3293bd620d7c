import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTelemetryConfig } from '@ordergraph/core';
import { createSubgraphTelemetry } from '@ordergraph/telemetry';
import { assertBatchWellFormed, createGraphQLHttpHandler, type ReadinessReport } from './httpHandler.js';

const MAX_BODY = 1024;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request over node:http, so the test controls framing: a declared content-length, or
 * chunked transfer encoding when `chunks` is given (the size is then unknown until read).
 */
function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string; chunks?: string[] },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/graphql',
        headers: options.headers,
        // A fresh connection per request: each case sees only its own response.
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** A JSON GraphQL body of exactly `size` bytes (padded with spaces, which JSON ignores). */
const bodyOfSize = (size: number, query = '{ hello }') => {
  const json = JSON.stringify({ query });
  return json + ' '.repeat(size - Buffer.byteLength(json));
};

describe('createGraphQLHttpHandler', () => {
  let server: Server;
  let port: number;
  let apollo: ApolloServer<{ caller: string }>;
  let readiness: () => Promise<ReadinessReport> = async () => ({ ready: true, checks: { database: 'ok' } });
  const contexts: string[] = [];

  beforeAll(async () => {
    apollo = new ApolloServer<{ caller: string }>({
      typeDefs: 'type Query { hello: String, caller: String }',
      resolvers: { Query: { hello: () => 'world', caller: (_p: unknown, _a: unknown, ctx: { caller: string }) => ctx.caller } },
    });
    await apollo.start();
    const handler = createGraphQLHttpHandler({
      apollo,
      maxBodyBytes: MAX_BODY,
      readiness: () => readiness(),
      telemetry: createSubgraphTelemetry('handler-test', loadTelemetryConfig({}, 'test'), () => null),
      context: async (req) => {
        const caller = String(req.headers['x-caller'] ?? 'anonymous');
        contexts.push(caller);
        return { caller };
      },
    });
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await apollo?.stop();
  });

  const json = { 'content-type': 'application/json' };

  it('serves POST and GET GraphQL, building the context per request', async () => {
    const post = await send(port, { headers: { ...json, 'x-caller': 'alice' }, body: '{"query":"{ hello caller }"}' });
    expect(post.status).toBe(200);
    expect(JSON.parse(post.body)).toEqual({ data: { hello: 'world', caller: 'alice' } });
    const get = await send(port, { method: 'GET', path: '/graphql?query=%7B%20hello%20%7D', headers: { 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body)).toEqual({ data: { hello: 'world' } });
    expect(contexts.slice(-2)).toEqual(['alice', 'anonymous']);
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const body = bodyOfSize(MAX_BODY);
    expect(Buffer.byteLength(body)).toBe(MAX_BODY);
    const r = await send(port, { headers: json, body });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).data).toEqual({ hello: 'world' });
  });

  it('answers 413 to a declared content-length over maxBodyBytes', async () => {
    const body = bodyOfSize(MAX_BODY + 1);
    const r = await send(port, { headers: { ...json, 'content-length': String(MAX_BODY + 1) }, body });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0]).toEqual({
      message: `Request body exceeds ${MAX_BODY} bytes.`,
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('answers 413 to a chunked body that grows over maxBodyBytes', async () => {
    const body = bodyOfSize(MAX_BODY * 4);
    const chunks = [body.slice(0, 600), body.slice(600, 1200), body.slice(1200)];
    const r = await send(port, { headers: { ...json, 'transfer-encoding': 'chunked' }, chunks });
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(JSON.parse(r.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 413 to a streamed upload far over the limit (fetch, unknown length)', async () => {
    const piece = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64) return controller.close();
        sent += 1;
        controller.enqueue(piece);
      },
    });
    const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: json,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(413);
    expect(((await r.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('keeps serving after rejecting an oversized body', async () => {
    const r = await send(port, { headers: json, body: '{"query":"{ hello }"}' });
    expect(JSON.parse(r.body)).toEqual({ data: { hello: 'world' } });
  });

  it('answers 404 for an unknown path, naming the GraphQL path', async () => {
    const r = await send(port, { method: 'GET', path: '/nope' });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error).toContain('/graphql');
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers 405 to %s with an Allow header', async (method) => {
    const r = await send(port, { method, headers: json, body: '{"query":"{ hello }"}' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, POST');
  });

  // Media types are case-insensitive (RFC 9110 §8.3.1): these were 400 "POST body missing".
  it.each(['APPLICATION/JSON', 'Application/Json; Charset=UTF-8', 'application/GraphQL-Response+JSON'])('reads a JSON body declared %s', async (contentType) => {
    const r = await send(port, { headers: { 'content-type': contentType }, body: '{"query":"{ hello }"}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ data: { hello: 'world' } });
  });

  it('answers 400 to invalid JSON', async () => {
    const r = await send(port, { headers: json, body: '{"query": ' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).errors[0]).toEqual({
      message: 'The request body is not valid JSON.',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('reports liveness at /health/live', async () => {
    const r = await send(port, { method: 'GET', path: '/health/live' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: 'ok' });
  });

  it('reports readiness at /health/ready: 200 when ready, 503 with the reasons when not', async () => {
    const ready = await send(port, { method: 'GET', path: '/health/ready' });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', ready: true, checks: { database: 'ok' } });

    readiness = async () => ({ ready: false, checks: { database: 'unreachable: connection refused', cache: 'ok' } });
    const notReady = await send(port, { method: 'GET', path: '/health/ready' });
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toEqual({
      status: 'not ready',
      ready: false,
      checks: { database: 'unreachable: connection refused', cache: 'ok' },
    });

    readiness = async () => {
      throw new Error('probe crashed');
    };
    const crashed = await send(port, { method: 'GET', path: '/health/ready' });
    expect(crashed.status).toBe(503);
    expect(JSON.parse(crashed.body)).toEqual({ status: 'not ready', ready: false, checks: { error: 'probe crashed' } });
  });
});

describe('assertBatchWellFormed', () => {
  it('refuses a batch with any malformed operation before any runs, naming the operation', () => {
    const ok = { query: '{ a }', operationName: null, variables: {}, extensions: null };
    expect(() => assertBatchWellFormed([ok, { query: '{ a }' }])).not.toThrow();
    expect(() => assertBatchWellFormed({ query: 1 })).not.toThrow(); // single requests: Apollo Server's own 400
    const bad: Array<[unknown, RegExp]> = [
      [{ query: '{ a }', operationName: 42 }, /Operation 1 of the batch: "operationName" must be a string/],
      [{ query: 7 }, /"query" must be a string/],
      [{ query: '{ a }', variables: [1] }, /"variables" must be an object/],
      [{ query: '{ a }', extensions: 'x' }, /"extensions" must be an object/],
      ['{ a }', /Operation 1 of the batch: must be an object/],
    ];
    for (const [operation, message] of bad) expect(() => assertBatchWellFormed([ok, operation])).toThrow(message);
  });
});
