import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { trace } from '@opentelemetry/api';
import type { Identity } from '@ordergraph/core';
import { createRegistry, GatewayMetrics } from '@ordergraph/telemetry';
import type { ForwardedIdentitySigner } from '../auth/ForwardedIdentitySigner.js';
import { gatewayContext, type GatewayContext } from '../context.js';
import { INCOMING_OPERATION } from '../executor/gatewayInternals.js';
import { TelemetryDataSource } from './TelemetryDataSource.js';

// Inflight deduplication through the data source the gateway builds (server.ts).
let server: Server;
let url: string;
const received: Array<{ identity: string | undefined; requestId: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume().on('end', () => {
      received.push({ identity: req.headers['x-ordergraph-identity'] as string, requestId: req.headers['x-request-id'] as string });
      // Slow enough that the concurrent calls below overlap.
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"me":{"id":"1"}}}'), 50);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// A signer whose every header differs (as across re-signing): the key must rest on what it says.
let signatures = 0;
const signer = { sign: async () => `signed-${++signatures}` } as unknown as ForwardedIdentitySigner;
const alice: Identity = { customerId: 'alice', role: 'CUSTOMER' };
const bob: Identity = { customerId: 'bob', role: 'CUSTOMER' };

function call(source: TelemetryDataSource, identity: Identity | null, requestId: string, operation: 'query' | 'mutation' = 'query') {
  const context: GatewayContext = gatewayContext(signer, identity, '10.0.0.1', requestId);
  return source.process({
    kind: INCOMING_OPERATION,
    request: { query: '{ me { id } }', variables: {} },
    incomingRequestContext: { operation: { operation }, overallCachePolicy: { restrict: () => {} } },
    context,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
}

async function run(identities: Array<Identity | null>, operation: 'query' | 'mutation' = 'query') {
  const registry = createRegistry('gateway');
  const metrics = new GatewayMetrics(registry);
  const source = new TelemetryDataSource(
    { url, dedupe: true, onDeduplicated: () => metrics.countDeduplicated('accounts') },
    { subgraph: 'accounts', metrics, tracer: trace.getTracer('test') },
  );
  const before = received.length;
  const results = await Promise.all(identities.map((identity, i) => call(source, identity, `request-${i}`, operation)));
  await source.close();
  const counter = (await registry.getSingleMetric('subgraph_fetches_deduplicated_total')!.get()).values;
  return { sent: received.length - before, results, deduplicated: counter.find((v) => v.labels.subgraph === 'accounts')?.value ?? 0 };
}

describe('TelemetryDataSource deduplication', () => {
  it('shares one round trip between requests of the same caller despite different request ids and signed headers', async () => {
    const { sent, results, deduplicated } = await run([alice, alice, alice]);
    expect(sent).toBe(1);
    expect(deduplicated).toBe(2);
    expect(results.map((r) => r.data)).toEqual([{ me: { id: '1' } }, { me: { id: '1' } }, { me: { id: '1' } }]);
    // Each caller gets its own parsed copy: the executor merges into it.
    expect(results[0]).not.toBe(results[1]);
  });

  it('never shares between different callers, nor between a caller and an anonymous request', async () => {
    const { sent, deduplicated } = await run([alice, bob, null]);
    expect(sent).toBe(3);
    expect(deduplicated).toBe(0);
    expect(new Set(received.slice(-3).map((r) => r.requestId))).toEqual(new Set(['request-0', 'request-1', 'request-2']));
  });

  it('never shares mutations', async () => {
    const { sent, deduplicated } = await run([alice, alice], 'mutation');
    expect(sent).toBe(2);
    expect(deduplicated).toBe(0);
  });
});
