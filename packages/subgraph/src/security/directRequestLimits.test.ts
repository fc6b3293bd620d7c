import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, IdentityCodec, loadTelemetryConfig, SERVICE_HEADER, ServiceTokenCodec } from '@ordergraph/core';
import { createSubgraphTelemetry } from '@ordergraph/telemetry';
import { createSubgraphService } from '../subgraph.js';

// A subgraph reached directly (no gateway identity header, no service token) gets the gateway's
// document limit (5,000 tokens); the gateway's and services' requests are not limited by it.
const IDENTITY_SECRET = 'i'.repeat(32);
const SERVICE_SECRET = 's'.repeat(32);

for (const execution of ['lean', 'apollo'] as const) {
  describe(`direct requests to a subgraph: the gateway's token limit (${execution})`, () => {
    const service = createSubgraphService({
      name: 'direct',
      typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype Query { hello: String }\ntype Customer @key(fields: "id") { id: ID!, name: String }`),
      resolvers: { Query: { hello: () => 'hi' }, Customer: { __resolveReference: ({ id }: { id: string }) => ({ id, name: `c${id}` }) } } as never,
      identityCodec: new IdentityCodec(IDENTITY_SECRET),
      serviceTokens: new ServiceTokenCodec(SERVICE_SECRET, 'direct'),
      createContext: () => ({}),
      exposeErrorDetails: false,
      security: { introspection: false, rateLimits: false },
      telemetry: createSubgraphTelemetry('direct', loadTelemetryConfig({ LOG_LEVEL: 'silent', METRICS_PORT: 'api' }, 'production'), () => null),
      execution,
    });
    beforeAll(() => service.start(0, '127.0.0.1'));
    afterAll(() => service.stop());

    const entities = (count: number, headers: Record<string, string> = {}) =>
      fetch(`${service.url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name } } }',
          variables: { r: Array.from({ length: count }, (_, i) => ({ __typename: 'Customer', id: String(i) })) },
        }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: { _entities: unknown[] } | null; errors?: Array<{ message: string; extensions?: { code?: string } }> } }));

    it('answers a direct caller at most 100 entity representations; the gateway its 10,000', async () => {
      expect((await entities(100)).body.data?._entities).toHaveLength(100);
      const refused = await entities(101);
      expect(refused.body.errors?.[0]).toMatchObject({ message: 'At most 100 representations per request; received 101.', extensions: { code: 'BAD_USER_INPUT' } });
      const identity = await new IdentityCodec(IDENTITY_SECRET).signRequest({ identity: null, clientIp: null });
      expect((await entities(2000, { [IDENTITY_HEADER]: identity })).body.data?._entities).toHaveLength(2000);
    });

    /** `count` aliases of `hello`: 3 tokens each, plus the braces. */
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: hello`).join(' ')} }`;
    const post = async (query: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${service.url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
      return { status: response.status, body: (await response.json()) as { data?: Record<string, string>; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
    };

    it('refuses more than 5,000 tokens from a direct caller with 400 GRAPHQL_PARSE_FAILED, before parsing', async () => {
      const { status, body } = await post(aliases(1700)); // 5,102 tokens
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ message: 'Syntax Error: Document contains more than 5000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
      expect(body.data).toBeUndefined();
      // GET too (5,200 one-character tokens: a URL well under node's header limit).
      const get = await fetch(`${service.url}?query=${encodeURIComponent('a!'.repeat(2600))}`, { headers: { 'apollo-require-preflight': '1' } });
      expect(get.status).toBe(400);
      expect(((await get.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('serves a direct caller up to the limit, and comments do not count', async () => {
      const { status, body } = await post(aliases(1600)); // 4,802 tokens
      expect(status).toBe(200);
      expect(Object.keys(body.data ?? {})).toHaveLength(1600);
      const commented = await post(`# ${'x'.repeat(20_000)}\n{ hello }`);
      expect(commented).toEqual({ status: 200, body: { data: { hello: 'hi' } } });
    });

    it('does not limit the gateway (a valid identity header) or a service (a valid service token)', async () => {
      const identity = await new IdentityCodec(IDENTITY_SECRET).signRequest({ identity: null, clientIp: '203.0.113.1' });
      const viaGateway = await post(aliases(1700), { [IDENTITY_HEADER]: identity });
      expect(viaGateway.status).toBe(200);
      expect(Object.keys(viaGateway.body.data ?? {})).toHaveLength(1700);
      const token = await new ServiceTokenCodec(SERVICE_SECRET, 'orders').tokenFor('direct');
      expect((await post(aliases(1700), { [SERVICE_HEADER]: token })).status).toBe(200);
      // A forged header is a direct caller.
      const forged = await new IdentityCodec('another-secret-long-enough-xxxxxx').signRequest({ identity: null, clientIp: null });
      expect((await post(aliases(1700), { [IDENTITY_HEADER]: forged })).status).toBe(400);
    });
  });
}
