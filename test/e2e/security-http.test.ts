import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';

// HTTP-level protections of the gateway: CORS allow-list, security headers, CSRF prevention,
// body and batch caps, APQ and trusted documents.
const ALLOWED = 'https://shop.example.com';
let stack: TestStack;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  stack = await startTestStack({ ALLOWED_ORIGINS: `${ALLOWED},https://admin.example.com` });
});
afterAll(async () => {
  await stack?.stop();
});

describe('CORS allow-list (ALLOWED_ORIGINS)', () => {
  it('answers a preflight from an allowed origin, and exposes the rate-limit headers', async () => {
    const r = await fetch(stack.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(r.headers.get('access-control-allow-headers')).toContain('authorization');
    const actual = await post(stack.gatewayUrl, { query: '{ __typename }' }, { origin: ALLOWED });
    expect(actual.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(actual.headers.get('access-control-expose-headers')).toContain('ratelimit-remaining');
    expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives other origins no CORS headers, so browsers block them', async () => {
    const r = await fetch(stack.gatewayUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const actual = await post(stack.gatewayUrl, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('security headers', () => {
  it('are on every API response, including errors and health checks', async () => {
    for (const r of [await post(stack.gatewayUrl, { query: '{ __typename }' }), await post(stack.gatewayUrl, '{bad'), await fetch(stack.gatewayUrl.replace('/graphql', '/health/live'))]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });
});

describe('CSRF prevention', () => {
  it('refuses simple (non-preflighted) requests a browser could send cross-site', async () => {
    const get = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    const form = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(form.status).toBe(400);
    const preflighted = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
  });
});

describe('body and batch caps', () => {
  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE (declared or streamed) and stays up', async () => {
    const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(2 * 1024 * 1024)}` });
    const declared = await post(stack.gatewayUrl, big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const chunks = (async function* () {
      for (let i = 0; i < 40; i += 1) yield new TextEncoder().encode('x'.repeat(64 * 1024));
    })();
    const streamed = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ReadableStream.from(chunks), duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(stack.gatewayUrl, { query: '{ __typename }' })).status).toBe(200);
  });

  it('runs batches of up to 10 operations and refuses larger ones with 400', async () => {
    const ok = await post(stack.gatewayUrl, Array.from({ length: 10 }, () => ({ query: '{ __typename }' })));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(10);
    const tooMany = await post(stack.gatewayUrl, Array.from({ length: 11 }, () => ({ query: '{ __typename }' })));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('automatic persisted queries', () => {
  it('registers a query by hash and then runs it from the hash alone', async () => {
    const query = `{ products(first: 2) { totalCount } } # ${Date.now()}`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const miss = await post(stack.gatewayUrl, { extensions });
    expect(((await miss.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(stack.gatewayUrl, { query, extensions })).status).toBe(200);
    const hit = (await (await post(stack.gatewayUrl, { extensions })).json()) as any;
    expect(hit.data.products.totalCount).toBeGreaterThan(0);
  });

  it('refuses a hash that does not match the query', async () => {
    const r = await post(stack.gatewayUrl, { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('other') } } });
    expect(r.status).toBe(400);
  });
});

describe('trusted documents (TRUSTED_DOCUMENTS_PATH)', () => {
  const registered = 'query Catalog { products(first: 3) { totalCount } }';
  let url: string;

  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ordergraph-td-')), 'manifest.json');
    const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256(registered), name: 'Catalog', type: 'query', body: registered }] };
    writeFileSync(file, JSON.stringify(manifest));
    url = (await stack.startGateway({ TRUSTED_DOCUMENTS_PATH: file })).url;
  });

  it('runs a registered operation by hash or by its exact text', async () => {
    const byHash = (await (await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(registered) } } })).json()) as any;
    expect(byHash.data.products.totalCount).toBeGreaterThan(0);
    const byText = (await (await post(url, { query: registered })).json()) as any;
    expect(byText.data.products.totalCount).toBeGreaterThan(0);
  });

  it('refuses anything else with PERSISTED_QUERY_NOT_IN_LIST, and APQ cannot register new operations', async () => {
    const other = '{ products(first: 3) { totalCount } }';
    const r = await post(url, { query: other });
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(other) } };
    await post(url, { query: other, extensions });
    const again = (await (await post(url, { extensions })).json()) as any;
    expect(again.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
