import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseCompression } from './compression.js';

/** A JSON body of about `bytes` bytes, repetitive like GraphQL lists are. */
const jsonOfSize = (bytes: number) =>
  JSON.stringify({ data: { items: Array.from({ length: Math.ceil(bytes / 40) }, (_, i) => ({ id: `item-${i}`, name: 'Widget' })) } });

let server: Server;
let base: string;

beforeAll(async () => {
  const compress = createResponseCompression({ thresholdBytes: 1024 });
  server = createServer((req, res) => {
    if (compress(req, res)) return;
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
    res.setHeader('content-type', req.url?.startsWith('/graphql-response') ? 'application/graphql-response+json' : 'application/json; charset=utf-8');
    if (req.url?.startsWith('/no-transform')) res.setHeader('cache-control', 'no-transform');
    res.end(jsonOfSize(size));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Raw response: node:http does not decode, unlike fetch. */
function get(path: string, headers: Record<string, string>, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createResponseCompression', () => {
  it.each([
    ['gzip', 'gzip', gunzipSync],
    ['br', 'br', brotliDecompressSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['br;q=0.5, gzip', 'gzip', gunzipSync],
  ] as const)('Accept-Encoding %s → %s, and the body decodes to the same JSON', async (accept, expected, decode) => {
    const res = await get('/?size=20000', { 'accept-encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(expected);
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.body.length).toBeLessThan(20000 / 4);
    expect(JSON.parse(decode(res.body).toString('utf8'))).toEqual(JSON.parse(jsonOfSize(20000)));
  });

  it('compresses application/graphql-response+json too', async () => {
    const res = await get('/graphql-response?size=5000', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString('utf8')).toBe(jsonOfSize(5000));
  });

  it('leaves a response below the threshold alone (still Vary)', async () => {
    const body = jsonOfSize(500);
    expect(Buffer.byteLength(body)).toBeLessThan(1024);
    const res = await get('/?size=500', { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.body.toString('utf8')).toBe(body);
  });

  it.each([
    ['no Accept-Encoding', {}],
    ['identity only', { 'accept-encoding': 'identity' }],
    ['an encoding we do not offer', { 'accept-encoding': 'zstd' }],
  ])('sends identity with %s', async (_name, headers) => {
    const res = await get('/?size=20000', headers);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toBe(jsonOfSize(20000));
  });

  it('respects Cache-Control: no-transform and HEAD', async () => {
    const noTransform = await get('/no-transform?size=20000', { 'accept-encoding': 'gzip' });
    expect(noTransform.headers['content-encoding']).toBeUndefined();
    const head = await get('/?size=20000', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-encoding']).toBeUndefined();
  });
});
