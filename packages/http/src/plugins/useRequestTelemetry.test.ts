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
  typeDefs: 'type Query { crash: String, invalid(n: Int): String, fine: String }',
  resolvers: {
    Query: {
      crash: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
      },
      invalid: () => {
        throw badInput('n must be positive.');
      },
      fine: () => 'ok',
    },
  },
  formatError: createFormatError(false),
  logger: telemetry.logger,
  plugins: [useRequestTelemetry({ telemetry })],
});

beforeAll(() => server.start());
afterAll(() => server.stop());

async function logsOf(request: Parameters<ApolloServer['executeOperation']>[0]) {
  lines.length = 0;
  await server.executeOperation(request);
  // pino writes asynchronously: wait for the request's own summary line.
  const deadline = Date.now() + 5000;
  while (!lines.some((l) => l.msg === 'graphql request') && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  return lines.filter((l) => l.msg !== 'graphql request');
}

describe('useRequestTelemetry: error logging', () => {
  it.each([
    ['a parse error', { query: '{ fine' }, 'GRAPHQL_PARSE_FAILED'],
    ['a validation error', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', { query: 'query($n: Int) { invalid(n: $n) }', variables: { n: 'x' } }, 'BAD_USER_INPUT'],
    ['bad input from a resolver', { query: '{ invalid }' }, 'BAD_USER_INPUT'],
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
});
