import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createGateway, loadGatewayConfig } from '@ordergraph/gateway';
import { installTracing, type TracingHandle } from '@ordergraph/telemetry';
import { startTestStack, type TestStack } from '@ordergraph/testing';

// Each vitest file runs in its own process, so this file owns the process's tracer provider;
// the services built after it share it (installTracing is idempotent per process).
const exporter = new InMemorySpanExporter();
let tracing: TracingHandle;
let stack: TestStack;

beforeAll(async () => {
  tracing = installTracing({ serviceName: 'ordergraph-test', otlpEndpoint: null, exporter, sampler: 'always_on' });
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
  await tracing?.shutdown();
});

const QUERY = /* GraphQL */ `
  query TracedMe {
    me { email orders(first: 3) { edges { node { id items { product { name } } payment { status } } } } }
  }
`;

const service = (span: ReadableSpan) => span.attributes['ordergraph.service'];
const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

async function traceOf(url: string) {
  const token = await stack.signIn('alice@ordergraph.dev', 'alice-dev-password');
  exporter.reset();
  const { body } = await stack.gql(QUERY, {}, { token, url });
  expect(body.errors).toBeUndefined();
  // Server spans end when their response closes, a moment after the client has the body: wait
  // until the gateway's root span and, for every subgraph fetch, the subgraph's server span ended.
  const complete = (spans: ReadableSpan[]) =>
    spans.some((s) => service(s) === 'gateway' && s.name === 'POST /graphql') &&
    spans.filter((s) => s.name.startsWith('subgraph ')).every((fetch) => spans.some((s) => parentId(s) === fetch.spanContext().spanId));
  const deadline = Date.now() + 5000;
  while (!complete(exporter.getFinishedSpans()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return exporter.getFinishedSpans();
}

describe('distributed tracing', () => {
  it('with @apollo/gateway executing, its own spans sit between the gateway request and the subgraph fetches', async () => {
    const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, s.url]));
    const gateway = createGateway(loadGatewayConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', GATEWAY_EXECUTOR: 'apollo', ...urls }));
    try {
      const spans = await traceOf(await gateway.start(0, '127.0.0.1'));
      const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
      const root = spans.find((s) => service(s) === 'gateway' && s.name === 'POST /graphql')!;
      const fetches = spans.filter((s) => s.name.startsWith('subgraph ') && s.spanContext().traceId === root.spanContext().traceId);
      expect(fetches.length).toBeGreaterThanOrEqual(4);
      for (const fetch of fetches) expect(byId.get(parentId(fetch)!)?.name).toBe('gateway.fetch');
      expect(spans.some((s) => s.name === 'gateway.request' && parentId(s) === root.spanContext().spanId)).toBe(true);
    } finally {
      await gateway.stop();
    }
  });

  it('turns one gateway request into one connected trace across the gateway, every subgraph and the databases', async () => {
    const spans = await traceOf(stack.gatewayUrl);

    const gatewayRoot = spans.find((s) => service(s) === 'gateway' && s.name === 'POST /graphql');
    expect(gatewayRoot, 'gateway server span').toBeDefined();
    const traceId = gatewayRoot!.spanContext().traceId;
    expect(parentId(gatewayRoot!)).toBeUndefined();

    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    // Anything else is background work (outbox relay, recovery worker): database spans (Prisma's,
    // or SqlReads' `db_query <statement>`) in traces of their own, never a piece of this request
    // that lost its parent.
    for (const other of spans.filter((s) => s.spanContext().traceId !== traceId)) {
      expect(other.name, `${other.name} outside the request's trace`).toMatch(/^(prisma:|db_query )/);
    }

    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    // Every span but the root has its parent in the same trace: one connected tree.
    for (const span of inTrace) {
      if (span === gatewayRoot) continue;
      expect(byId.has(parentId(span) ?? ''), `parent of ${span.name}`).toBe(true);
    }

    const subgraphServers = inTrace.filter((s) => s.name === 'POST /graphql' && service(s) !== 'gateway');
    expect(new Set(subgraphServers.map(service))).toEqual(new Set(['accounts', 'orders', 'products', 'payments']));
    for (const server of subgraphServers) {
      // Propagated over HTTP with traceparent: the parent is the gateway's CLIENT span for that subgraph.
      const fetch = byId.get(parentId(server)!);
      expect(fetch?.name).toBe(`subgraph ${service(server)}`);
      expect(fetch?.attributes['ordergraph.subgraph']).toBe(service(server));
    }
    expect(gatewayRoot!.attributes['graphql.operation.name']).toBe('TracedMe');

    // SQL spans hang under the subgraph that ran them: Prisma's, and the loaders' direct reads (SqlReads).
    const dbQueries = inTrace.filter((s) => s.name === 'prisma:client:db_query' || s.attributes['db.system.name'] === 'postgresql');
    expect(dbQueries.length).toBeGreaterThan(0);
    const serverOf = (span: ReadableSpan): ReadableSpan | undefined => {
      let current: ReadableSpan | undefined = span;
      while (current && !(current.name === 'POST /graphql')) current = byId.get(parentId(current) ?? '');
      return current;
    };
    const subgraphsWithSql = new Set(dbQueries.map((s) => service(serverOf(s)!)));
    expect([...subgraphsWithSql].sort()).toEqual(['accounts', 'orders', 'payments', 'products']);
  });
});
