import { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badInput, ErrorCode } from '@ordergraph/core';
import { createFormatError } from './formatError.js';

const STACK = ['Error: relation "Order" does not exist', '    at PrismaClient._request (/app/node_modules/...)'];

describe('createFormatError(false): production', () => {
  const format = createFormatError(false);

  it('masks an internal error, keeping only its path', () => {
    const formatted: GraphQLFormattedError = {
      message: 'Invalid `prisma.order.findMany()` invocation: relation "Order" does not exist',
      locations: [{ line: 1, column: 3 }],
      path: ['orders'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: STACK, meta: { table: 'Order' } },
    };
    expect(format(formatted)).toEqual({
      message: 'Internal server error.',
      path: ['orders'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it.each([
    ['no extensions', { message: 'ECONNREFUSED 10.0.0.7:5432' }],
    ['no code', { message: 'boom', extensions: { stacktrace: STACK } }],
    ['an unknown code', { message: 'P2002 unique constraint', extensions: { code: 'P2002' } }],
    ['a non-string code', { message: 'weird', extensions: { code: 42 } }],
  ])('masks an error with %s', (_name, formatted) => {
    const masked = format(formatted as GraphQLFormattedError);
    expect(masked).toEqual({ message: 'Internal server error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
  });

  it.each(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'])(
    'keeps the message and details of %s but strips the stack trace',
    (code) => {
      const formatted: GraphQLFormattedError = {
        message: '"first" must be an integer from 0 to 100; received 101.',
        path: ['products'],
        extensions: { code, argumentName: 'first', stacktrace: STACK, exception: { stacktrace: STACK } },
      };
      expect(format(formatted)).toEqual({
        message: '"first" must be an integer from 0 to 100; received 101.',
        path: ['products'],
        extensions: { code, argumentName: 'first' },
      });
    },
  );
});

describe('createFormatError(true): development', () => {
  it('passes every error through untouched', () => {
    const formatted: GraphQLFormattedError = { message: 'SQL detail', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: STACK } };
    expect(createFormatError(true)(formatted)).toBe(formatted);
  });
});

describe('in Apollo Server, configured as the services configure it', () => {
  const typeDefs = `
    enum Status { PENDING SHIPPED }
    input Filter { status: Status, search: String }
    type Query { crash: String, invalid: String, fine: String, filtered(filter: Filter): String, count(n: Int!): Int, strict: String! }`;
  const resolvers = {
    Query: {
      crash: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 (user ordergraph)');
      },
      invalid: () => {
        throw badInput('search must be at most 100 characters.', { argumentName: 'search' });
      },
      fine: () => 'ok',
      filtered: () => 'ok',
      count: (_: unknown, { n }: { n: number }) => n,
      strict: () => null,
    },
  };
  const servers = (expose: boolean) =>
    new ApolloServer({ typeDefs, resolvers, includeStacktraceInErrorResponses: expose, formatError: createFormatError(expose) });
  let production: ApolloServer;
  let development: ApolloServer;

  beforeAll(async () => {
    production = servers(false);
    development = servers(true);
    await Promise.all([production.start(), development.start()]);
  });
  afterAll(async () => {
    await Promise.all([production?.stop(), development?.stop()]);
  });

  const run = async (server: ApolloServer, query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };

  // graphql-js checks these only while executing (validation allows a defaulted nullable
  // variable in a non-null position) and throws without a code: they were INTERNAL_SERVER_ERROR.
  it.each([
    ['a directive argument', 'query($b: Boolean = false) { fine @skip(if: $b) }', { b: null }, 'Argument "if" of non-null type "Boolean!" must not be null.'],
    ['a field argument', 'query($n: Int = 1) { count(n: $n) fine }', { n: null }, 'Argument "n" of non-null type "Int!" must not be null.'],
  ])('answers a null sent for a defaulted variable in %s with BAD_USER_INPUT, in production and development', async (_name, query, variables, message) => {
    for (const server of [production, development]) {
      const result = await run(server, query, variables);
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect((await run(production, query, variables)).errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('still masks a null in a non-null field (a server bug, not bad input)', async () => {
    const result = await run(production, '{ strict }');
    expect(result.errors).toEqual([{ message: 'Internal server error.', path: ['strict'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });

  it('hides a resolver crash in production but still returns the other fields', async () => {
    const result = await run(production, '{ crash fine }');
    expect(result.data).toEqual({ crash: null, fine: 'ok' });
    expect(result.errors).toEqual([{ message: 'Internal server error.', path: ['crash'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(result)).not.toContain('ECONNREFUSED');
  });

  it('keeps BAD_USER_INPUT messages in production, without a stack trace', async () => {
    const result = await run(production, '{ invalid }');
    expect(result.errors).toEqual([
      {
        message: 'search must be at most 100 characters.',
        locations: [{ line: 1, column: 3 }],
        path: ['invalid'],
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'search' },
      },
    ]);
  });

  it.each([
    ['an enum value', { status: 'PENDIN' }],
    ['an input field', { statuss: 'PENDING' }],
    ['an input field and an enum value', { searc: 'x', status: 'SHIPED' }],
  ])('strips "Did you mean" from variable coercion errors (%s) in production only', async (_name, filter) => {
    const query = 'query($f: Filter) { filtered(filter: $f) }';
    const masked = await run(production, query, { f: filter });
    expect(masked.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(masked.errors?.[0]?.message).toMatch(/^Variable "\$f" got invalid value/);
    expect(JSON.stringify(masked)).not.toMatch(/Did you mean/);
    const shown = await run(development, query, { f: filter });
    expect(shown.errors?.[0]?.message).toContain('Did you mean');
  });

  it.each([
    ['a hash that does not match the query', { version: 1, sha256Hash: 'a'.repeat(64) }, 'provided sha does not match query'],
    ['an unsupported version', { version: 2, sha256Hash: 'a'.repeat(64) }, 'Unsupported persisted query version'],
  ])('answers a persisted query with %s as BAD_REQUEST (400) in production, not INTERNAL_SERVER_ERROR', async (_name, persistedQuery, message) => {
    // Apollo Server raises these with an HTTP status of 400 but no code: the request was wrong.
    const response = await production.executeOperation({ query: '{ fine }', extensions: { persistedQuery } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    expect(response.http.status).toBe(400);
    expect(response.body.singleResult.errors).toEqual([{ message, extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('shows the real message and stack trace in development', async () => {
    const result = await run(development, '{ crash }');
    expect(result.errors?.[0]?.message).toContain('ECONNREFUSED');
    expect(result.errors?.[0]?.extensions?.stacktrace).toEqual(expect.arrayContaining([expect.stringContaining('ECONNREFUSED')]));
  });
});

describe('createFormatError: dependency outages', () => {
  const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
  // How Prisma's driver adapter surfaces it: the pg error sits under meta.driverAdapterError.cause.
  const viaPrisma = Object.assign(new Error('Invalid `prisma.order.create()` invocation'), {
    code: 'P2010',
    meta: { driverAdapterError: Object.assign(new Error('ConnectionClosed'), { cause: { kind: 'ConnectionClosed' } }) },
  });
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  // PostgreSQL paused (SIGSTOP) under load: no pooled connection within connectionTimeoutMillis
  // (pg-pool's own error, no code), or Prisma giving up on starting an interactive transaction.
  const noConnection = new Error('timeout exceeded when trying to connect');
  const noTransaction = Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { code: 'P2028', clientVersion: '7.10.0' });
  // Redis restarting: ioredis (enableOfflineQueue: false) refuses commands while it reconnects.
  const redisOffline = new Error("Stream isn't writeable and enableOfflineQueue options is false");

  it.each([
    ['production', false],
    ['development', true],
  ])('turns a lost database into a retryable SERVICE_UNAVAILABLE in %s', (_mode, expose) => {
    const format = createFormatError(expose);
    for (const cause of [terminated, viaPrisma, refused, { originalError: terminated }, noConnection, noTransaction, redisOffline]) {
      const formatted = format({ message: 'raw driver text', path: ['createOrder'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, cause);
      expect(formatted).toMatchObject({ path: ['createOrder'], extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
      expect(formatted.message).toMatch(/unavailable right now/);
    }
  });

  it('marks a SERVICE_UNAVAILABLE raised by code as retryable, and leaves other errors alone', () => {
    const format = createFormatError(false);
    expect(format({ message: 'catalog down', extensions: { code: 'SERVICE_UNAVAILABLE' } }).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(format({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error('boom')).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
