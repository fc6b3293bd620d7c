import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { INCOMING_OPERATION } from '../executor/gatewayInternals.js';
import { cacheHintFromHeader } from './cacheHint.js';
import { SubgraphHttpDataSource } from './SubgraphHttpDataSource.js';

let server: Server;
let url: string;
const seen: Array<{ headers: IncomingHttpHeaders; body: any }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      seen.push({ headers: req.headers, body });
      if (body.query === '{ broken }') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
        return;
      }
      if (body.query === '{ slow }') return; // never answers: the timeout fires
      if (body.query === '{ teapot }') {
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"no"}');
        return;
      }
      // Slow enough that concurrent identical requests overlap.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public' });
        res.end(JSON.stringify({ data: { echo: body.variables?.n ?? null } }));
      }, 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function options(query: string, variables: Record<string, unknown> = {}, operation: 'query' | 'mutation' = 'query') {
  const restricted: unknown[] = [];
  const opts = {
    kind: INCOMING_OPERATION,
    request: { query, variables },
    incomingRequestContext: { operation: { operation }, overallCachePolicy: { restrict: (hint: unknown) => restricted.push(hint) } },
    context: {},
  } as unknown as GraphQLDataSourceProcessOptions;
  return { opts, restricted };
}

class Tagging extends SubgraphHttpDataSource {
  override willSendRequest({ request }: GraphQLDataSourceProcessOptions) {
    request.http?.headers.set('x-tag', 'tagged');
  }
}

describe('SubgraphHttpDataSource', () => {
  it('posts the operation with willSendRequest headers and applies the cache-control hint', async () => {
    const source = new Tagging({ url });
    const { opts, restricted } = options('query Q($n: Int) { echo(n: $n) }', { n: 7 });
    const response = await source.process(opts);
    expect(response.data).toEqual({ echo: 7 });
    const last = seen.at(-1)!;
    expect(last.headers['x-tag']).toBe('tagged');
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.body).toMatchObject({ query: 'query Q($n: Int) { echo(n: $n) }', variables: { n: 7 } });
    expect(restricted).toEqual([{ maxAge: 30, scope: 'PUBLIC' }]);
    await source.close();
  });

  it('turns a non-2xx response into the error RemoteGraphQLDataSource raises', async () => {
    const source = new SubgraphHttpDataSource({ url });
    const error = await source.process(options('{ teapot }').opts).catch((e) => e);
    expect(error.message).toBe('403: Forbidden');
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', response: { status: 403, body: { message: 'no' } } });
    await source.close();
  });

  it('turns an unreachable, 5xx or silent subgraph into a retryable SERVICE_UNAVAILABLE naming it', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const cases = [
      [new SubgraphHttpDataSource({ url: `http://127.0.0.1:${closed}/graphql`, name: 'orders' }), '{ any }', /orders service is unavailable/],
      [new SubgraphHttpDataSource({ url, name: 'orders' }), '{ broken }', /orders service is unavailable/],
      [new SubgraphHttpDataSource({ url, name: 'orders', timeoutMs: 100 }), '{ slow }', /orders service did not answer in time; the outcome is unknown/],
    ] as const;
    for (const [source, query, message] of cases) {
      const error = await source.process(options(query).opts).catch((e) => e);
      expect(error.message).toMatch(message);
      expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      await source.close();
    }
  });

  it('shares identical in-flight queries only when dedupe is on, and never mutations', async () => {
    const count = async (dedupe: boolean, operation: 'query' | 'mutation') => {
      const source = new SubgraphHttpDataSource({ url, dedupe });
      const before = seen.length;
      const results = await Promise.all([1, 2, 3].map(() => source.process(options('{ same }', { n: 1 }, operation).opts)));
      // Each caller gets its own parsed copy: the executor merges into them.
      expect(results[0]).not.toBe(results[1]);
      expect(results.map((r) => r.data)).toEqual([{ echo: 1 }, { echo: 1 }, { echo: 1 }]);
      await source.close();
      return seen.length - before;
    };
    expect(await count(true, 'query')).toBe(1);
    expect(await count(false, 'query')).toBe(3);
    expect(await count(true, 'mutation')).toBe(3);
  });

  it('rejects a relative URL with a message that says what it expected', () => {
    expect(() => new SubgraphHttpDataSource({ url: '/graphql' })).toThrow(/expected an absolute http\(s\) URL, received "\/graphql"/);
  });
});

describe('cacheHintFromHeader', () => {
  it('reads max-age and scope; no max-age means uncacheable', () => {
    expect(cacheHintFromHeader('max-age=60, private')).toEqual({ maxAge: 60, scope: 'PRIVATE' });
    expect(cacheHintFromHeader('public')).toEqual({ maxAge: 0, scope: 'PUBLIC' });
    expect(cacheHintFromHeader(undefined)).toEqual({ maxAge: 0 });
    expect(cacheHintFromHeader('max-age=abc')).toEqual({ maxAge: 0 });
  });
});
