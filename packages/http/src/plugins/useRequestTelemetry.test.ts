import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badInput, loadTelemetryConfig } from '@ordergraph/core';
import { createSubgraphTelemetry } from '@ordergraph/telemetry';
import { createFormatError } from '../formatError.js';
import { useRequestTelemetry } from './useRequestTelemetry.js';

// Client errors (the request was wrong) must not page anyone: info, no stack. Only errors of the
// server itself are logged at error level, with their stack.
const lines: Array<Record<string, any>> = [];
const destination = new Writable({
  write(chunk, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
const telemetry = createSubgraphTelemetry('logtest', loadTelemetryConfig({ LOG_LEVEL: 'info' }, 'production'), () => null, { logDestination: destination });
const server = new ApolloServer({
  typeDefs: 'type Query { crash: String, invalid(n: Int): String, fine: String, lost: String, badWithCause: String }',
  resolvers: {
    Query: {
      crash: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
      },
      invalid: () => {
        throw badInput('n must be positive.');
      },
      fine: () => 'ok',
      // The database went away mid-query (pg's error on a cut connection).
      lost: () => {
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      },
      // A client error that happens to carry a connection failure in its cause chain.
      badWithCause: () => {
        throw Object.assign(badInput('The reference is unknown.'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
      },
    },
  },
  formatError: createFormatError(false),
  logger: telemetry.logger,
  plugins: [useRequestTelemetry({ telemetry })],
});

beforeAll(() => server.start());
afterAll(() => server.stop());

async function logsOf(request: Parameters<ApolloServer['executeOperation']>[0]) {
  return (await run(request)).logged;
}

/** The request's log lines (but its summary) and the error codes its response carries. */
async function run(request: Parameters<ApolloServer['executeOperation']>[0]) {
  lines.length = 0;
  const response = await server.executeOperation(request);
  const body = response.body.kind === 'single' ? response.body.singleResult : null;
  const codes = (body?.errors ?? []).map((e) => e.extensions?.code);
  // pino writes asynchronously: wait for the request's own summary line.
  const deadline = Date.now() + 5000;
  while (!lines.some((l) => l.msg === 'graphql request') && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  return { logged: lines.filter((l) => l.msg !== 'graphql request'), summary: lines.find((l) => l.msg === 'graphql request'), codes };
}

describe('useRequestTelemetry: error logging', () => {
  it.each([
    ['a parse error', { query: '{ fine' }, 'GRAPHQL_PARSE_FAILED'],
    ['a validation error', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', { query: 'query($n: Int) { invalid(n: $n) }', variables: { n: 'x' } }, 'BAD_USER_INPUT'],
    ['bad input from a resolver', { query: '{ invalid }' }, 'BAD_USER_INPUT'],
    ['a null for a defaulted variable in @skip', { query: 'query($b: Boolean = false) { fine @skip(if: $b) }', variables: { b: null } }, 'BAD_USER_INPUT'],
    ['an APQ hash that does not match the query', { query: '{ fine }', extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }, 'BAD_REQUEST'],
  ])('logs %s as a client error at info, without a stack', async (_name, request, code) => {
    const logged = await logsOf(request);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'info', msg: 'client error in GraphQL request', code });
    expect(JSON.stringify(logged[0])).not.toMatch(/"stack"|\bat \S+ \(/);
  });

  it('logs a resolver crash at error level, with its stack', async () => {
    const logged = await logsOf({ query: '{ crash }' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', msg: 'internal error in GraphQL request' });
    expect(logged[0]!.err.stack).toContain('ECONNREFUSED');
  });

  it('reports a lost database with the code the client gets: SERVICE_UNAVAILABLE, one warn line, no stack', async () => {
    const { logged, summary, codes } = await run({ query: '{ lost }' });
    expect(codes).toEqual(['SERVICE_UNAVAILABLE']);
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', msg: 'dependency unavailable in GraphQL request', code: 'SERVICE_UNAVAILABLE' })]);
    expect(summary?.errors).toEqual(['SERVICE_UNAVAILABLE']);
  });

  it('keeps a client error’s own code in logs and metrics, as the client sees it, whatever its cause', async () => {
    const { logged, summary, codes } = await run({ query: '{ badWithCause }' });
    expect(codes).toEqual(['BAD_USER_INPUT']);
    expect(logged).toEqual([expect.objectContaining({ level: 'info', code: 'BAD_USER_INPUT' })]);
    expect(summary?.errors).toEqual(['BAD_USER_INPUT']);
  });
});
