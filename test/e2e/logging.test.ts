import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { createGateway, loadGatewayConfig, type Gateway } from '@ordergraph/gateway';
import { installTracing, type TracingHandle } from '@ordergraph/telemetry';
import { startTestStack, type TestStack } from '@ordergraph/testing';

const lines: Array<Record<string, any>> = [];
const raw: string[] = [];
const destination = new Writable({
  write(chunk, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      raw.push(line);
      lines.push(JSON.parse(line));
    }
    done();
  },
});

let stack: TestStack;
let gateway: Gateway;
let gatewayUrl: string;
let tracing: TracingHandle;

beforeAll(async () => {
  tracing = installTracing({ serviceName: 'logging-test', otlpEndpoint: null, exporter: new InMemorySpanExporter(), sampler: 'always_on' });
  stack = await startTestStack();
  // A second gateway over the same subgraphs, logging at info into memory.
  const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, s.url]));
  const config = loadGatewayConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...urls });
  gateway = createGateway(config, { logDestination: destination });
  gatewayUrl = await gateway.start(0, '127.0.0.1');
});
afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
  await tracing?.shutdown();
});

describe('request logs', () => {
  it('writes one JSON line per request with request id, trace, operation, customer, duration and outcome, and no secrets', async () => {
    const token = await stack.signIn('alice@ordergraph.dev', 'alice-dev-password');
    const signIn = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-signin-1' },
      body: JSON.stringify({
        query: 'mutation LogSignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken } }',
        variables: { email: 'alice@ordergraph.dev', password: 'alice-dev-password' },
      }),
    });
    const accessToken = ((await signIn.json()) as any).data.signIn.accessToken as string;
    expect(signIn.headers.get('x-request-id')).toBe('req-signin-1');
    const me = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-me-1' },
      body: JSON.stringify({ query: 'query LogMe { me { email } }' }),
    });
    expect(me.status).toBe(200);
    // The access log line is written when the response closes: wait for it, not for a fixed time.
    const deadline = Date.now() + 5000;
    while (!lines.some((l) => l.requestId === 'req-me-1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

    const meLine = lines.find((l) => l.requestId === 'req-me-1');
    expect(meLine).toMatchObject({ level: 'info', service: 'gateway', msg: 'graphql request', operation: 'LogMe', type: 'query', outcome: 'success', status: 200 });
    expect(meLine!.customerId).toMatch(/[0-9a-f-]{36}/);
    expect(meLine!.durationMs).toBeGreaterThan(0);
    expect(meLine!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(meLine!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(lines.filter((l) => l.requestId === 'req-me-1')).toHaveLength(1);

    const signInLine = lines.find((l) => l.requestId === 'req-signin-1');
    expect(signInLine).toMatchObject({ operation: 'LogSignIn', type: 'mutation', outcome: 'success' });
    const all = raw.join('\n');
    expect(all).not.toContain('alice-dev-password');
    expect(all).not.toContain(accessToken);
    expect(all).not.toContain(token);
  });
});
