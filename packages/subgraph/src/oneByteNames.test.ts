import { serialize } from 'node:v8';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { IdentityCodec, loadTelemetryConfig, ServiceTokenCodec } from '@ordergraph/core';
import { createSubgraphTelemetry } from '@ordergraph/telemetry';
import { createSubgraphService } from './subgraph.js';

/** V8's serializer tags a one-byte string '"' (0x22) and a two-byte one 'c' (0x63). */
const isOneByte = (s: string) => serialize(s)[2] === 0x22;

describe('a subgraph whose SDL has characters above U+00FF', () => {
  it('answers with one-byte response keys, so its responses serialise to one-byte strings', async () => {
    // A field name nothing else in this worker has used; a description ("→") makes the SDL two-byte,
    // as orders' and products' schema files are.
    const field = `arrowField${process.pid}x${Math.random().toString(36).slice(2, 8)}`;
    const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n"""Orders → payments"""\ntype Query { box: Box }\ntype Box { ${field}: String }`;
    expect(isOneByte(sdl)).toBe(false);
    const telemetry = createSubgraphTelemetry('bytes', loadTelemetryConfig({ LOG_LEVEL: 'silent', METRICS_PORT: 'api' }, 'development'), () => null);
    const service = createSubgraphService({
      name: 'bytes',
      typeDefs: parse(sdl),
      // The field has no resolver of its own (a resolver map's key would intern the name first):
      // the default resolver reads it from this object, whatever its name.
      resolvers: { Query: { box: () => new Proxy({}, { get: () => 'x' }) } } as never,
      identityCodec: new IdentityCodec('i'.repeat(32)),
      serviceTokens: new ServiceTokenCodec('s'.repeat(32), 'bytes'),
      createContext: () => ({}),
      exposeErrorDetails: true,
      security: { rateLimits: false },
      telemetry,
    });
    await service.apollo.start();
    try {
      const response = await service.apollo.executeOperation({ query: `{ box { ${field} } }` });
      const body = response.body.kind === 'single' ? JSON.stringify(response.body.singleResult) : '';
      expect(body).toBe(`{"data":{"box":{"${field}":"x"}}}`);
      expect(isOneByte(body)).toBe(true);
    } finally {
      await service.apollo.stop();
    }
  });
});
