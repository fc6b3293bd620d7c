import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';

const CATALOG = '{ products(first: 20) { edges { node { id name description price { amount currency } } } } }';

/** GET or POST without decoding the response (fetch would decode it). */
function post(url: string, query: string | null, headers: Record<string, string>) {
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method: query === null ? 'GET' : 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(query === null ? undefined : JSON.stringify({ query }));
  });
}

describe('gateway response compression (GATEWAY_COMPRESSION)', () => {
  let stack: TestStack;
  let compressing: string;
  beforeAll(async () => {
    stack = await startTestStack();
    compressing = (await stack.startGateway({ GATEWAY_COMPRESSION: 'true', GATEWAY_COMPRESSION_THRESHOLD_BYTES: '1024' })).url;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is off by default', async () => {
    const res = await post(stack.gatewayUrl, CATALOG, { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body.toString('utf8')).data.products.edges.length).toBeGreaterThan(5);
  });

  it('gzips a large GraphQL response for a client that accepts gzip; it decodes to the same JSON', async () => {
    const plain = await post(stack.gatewayUrl, CATALOG, {});
    const gzipped = await post(compressing, CATALOG, { 'accept-encoding': 'gzip' });
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toContain('Accept-Encoding');
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(gunzipSync(gzipped.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
  });

  it('does not compress a small response, nor for a client that did not ask', async () => {
    const small = await post(compressing, '{ __typename }', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });
    const notAsked = await post(compressing, CATALOG, {});
    expect(notAsked.headers['content-encoding']).toBeUndefined();
  });

  it('compresses /metrics for a scraper that accepts gzip', async () => {
    const res = await post(new URL('/metrics', compressing).href, null, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString('utf8')).toContain('# TYPE ');
  });
});
