// What a production deployment shows to whoever reaches a port directly: subgraphs describe
// their schema (`_service { sdl }`) only to the gateway.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '@ordergraph/accounts';
import { IDENTITY_HEADER, IdentityCodec } from '@ordergraph/core';
import { DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

const identitySecret = randomBytes(48).toString('base64url');
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    NODE_ENV: 'production',
    IDENTITY_SECRET: identitySecret,
    SERVICE_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    JWT_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('ES256')]),
  });
});
afterAll(async () => {
  await stack?.stop();
});

const SDL_QUERIES = [
  '{ _service { sdl } }',
  '{ s: _service { sdl } }',
  '{ ... on Query { _service { sdl } } }',
  'query { ...F } fragment F on Query { __typename _service { sdl } }',
];

const post = (url: string, query: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }).then(async (r) => ({
    status: r.status,
    text: await r.text(),
  }));

describe('subgraph SDL in production', () => {
  it('is refused (403 FORBIDDEN) to a caller the gateway did not sign for, however it is selected', async () => {
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
      for (const query of SDL_QUERIES) {
        const { status, text } = await post(subgraph.url, query);
        const body = JSON.parse(text);
        expect({ name, query, status, code: body.errors?.[0]?.extensions?.code }).toEqual({ name, query, status: 403, code: 'FORBIDDEN' });
        expect(text).not.toMatch(/type Query|extend schema/);
      }
      // A forged signature is no signature.
      const forged = await post(subgraph.url, SDL_QUERIES[0]!, { [IDENTITY_HEADER]: await new IdentityCodec(randomBytes(48).toString('base64url')).signRequest({ identity: null, clientIp: null }) });
      expect(forged.status).toBe(403);
      // Other anonymous queries (the gateway's readiness probe) are unaffected.
      expect((await post(subgraph.url, '{ __typename }')).status).toBe(200);
    }
  });

  it('is served to the gateway (its signature), and a gateway composing by introspection still starts and serves', async () => {
    const signed = await new IdentityCodec(identitySecret).signRequest({ identity: null, clientIp: null });
    const { status, text } = await post(stack.subgraphs.products.url, SDL_QUERIES[0]!, { [IDENTITY_HEADER]: signed });
    expect(status).toBe(200);
    expect(JSON.parse(text).data._service.sdl).toContain('type Product');

    const introspect = Object.entries(stack.subgraphs).map(([name, s]) => `${name}=${s.url.replace('//localhost:', '//127.0.0.1:')}`).join(',');
    const gateway = await stack.startGateway({ INTROSPECT_SUBGRAPHS: introspect });
    const { body } = await stack.gql('{ products(first: 1) { totalCount } }', {}, { url: gateway.url });
    expect(body.data.products.totalCount).toBe(DEMO_PRODUCTS.length);
    expect((await fetch(gateway.url.replace('/graphql', '/health/ready'))).status).toBe(200);
  });
});

describe('metrics in production', () => {
  it('are served on a port of their own (METRICS_PORT), never on the public API port', async () => {
    for (const service of [stack.gateway, ...Object.values(stack.subgraphs)]) {
      const onApiPort = await fetch(service.url.replace('/graphql', '/metrics'));
      expect({ service: service.name, status: onApiPort.status }).toEqual({ service: service.name, status: 404 });
      expect(service.metricsUrl).not.toBe(service.url.replace('/graphql', '/metrics'));
      const scraped = await fetch(service.metricsUrl!);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('# TYPE http_requests_in_flight');
      // Nothing but /metrics there.
      expect((await fetch(new URL('/graphql', service.metricsUrl!), { method: 'POST' })).status).toBe(404);
    }
  });
});
