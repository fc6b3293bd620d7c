import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  parsePageArgs,
  toConnection,
  type KeysetCursor,
} from './pagination.js';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Run `fn` and return the GraphQL error it throws (fails the test if it does not throw one). */
function thrown(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a GraphQLError, but nothing was thrown');
}

describe('cursors', () => {
  it.each<[string, KeysetCursor]>([
    ['string key', { k: 'Ember Headphones', id: 'prod_01' }],
    ['number key', { k: 42, id: 'a' }],
    ['ISO date key', { k: '2026-11-21T10:00:00.000Z', id: '9f0c2e4b-0000-4000-8000-000000000000' }],
    ['unicode and quotes', { k: 'Crème "brûlée" ☕', id: 'x"]y' }],
  ])('round-trips a %s', (_name, cursor) => {
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe, so clients can put it in a query string
    expect(decodeCursor(encoded)).toEqual(cursor);
    expect(parsePageArgs(5, encoded)).toEqual({ first: 5, after: cursor });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['only punctuation', '!!!!'],
    ['JSON object instead of a pair', base64url('{"k":"a","id":"b"}')],
    ['one element', base64url('["a"]')],
    ['three elements', base64url('["a","b","c"]')],
    ['numeric id', base64url('["a",1]')],
    ['null key', base64url('[null,"b"]')],
    ['boolean key', base64url('[true,"b"]')],
    ['object key (operator injection)', base64url('[{"$gt":""},"b"]')],
    ['bare string', base64url('"abc"')],
    ['truncated JSON', base64url('["a","b"')],
    ['NUL in the key', base64url('["a\\u0000","b"]')],
    ['NUL in the id', base64url('["a","b\\u0000"]')],
  ])('rejects a %s with BAD_USER_INPUT naming the argument', (_name, raw) => {
    const error = thrown(() => parsePageArgs(10, raw));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.argumentName).toBe('after');
    expect(error.message).toContain('Invalid cursor');
  });

  it('does not echo an arbitrarily long cursor back to the client', () => {
    const error = thrown(() => decodeCursor('A'.repeat(10_000)));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message.length).toBeLessThan(200);
  });

  it('treats a missing or empty `after` as the first page', () => {
    expect(parsePageArgs(3, undefined).after).toBeNull();
    expect(parsePageArgs(3, null).after).toBeNull();
    expect(parsePageArgs(3, '').after).toBeNull();
  });
});

describe('first', () => {
  it.each([0, 1, MAX_PAGE_SIZE])('accepts %s', (first) => {
    expect(parsePageArgs(first, null).first).toBe(first);
  });

  it('defaults to DEFAULT_PAGE_SIZE when not given', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(20);
    expect(parsePageArgs(undefined, null).first).toBe(DEFAULT_PAGE_SIZE);
    expect(parsePageArgs(null, null).first).toBe(DEFAULT_PAGE_SIZE);
  });

  it.each([-1, MAX_PAGE_SIZE + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s with BAD_USER_INPUT', (first) => {
    const error = thrown(() => parsePageArgs(first, null));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    expect(error.message).toContain(`from 0 to ${MAX_PAGE_SIZE}`);
    expect(error.message).toContain(`received ${String(first)}`);
  });
});

describe('toConnection', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ id: `id${n}`, name: `name${n}` }));
  const cursorOf = (row: { id: string; name: string }) => ({ k: row.name, id: row.id });

  it('uses the extra row only to report a next page', () => {
    const conn = toConnection(rows, 3, 10, cursorOf);
    expect(conn.edges.map((e) => e.node.id)).toEqual(['id1', 'id2', 'id3']);
    expect(conn.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor({ k: 'name3', id: 'id3' }) });
    expect(conn.totalCount).toBe(10);
    expect(decodeCursor(conn.edges[0]!.cursor)).toEqual({ k: 'name1', id: 'id1' });
  });

  it('reports the last page and an empty page', () => {
    expect(toConnection(rows, 4, 4, cursorOf).pageInfo).toEqual({
      hasNextPage: false,
      endCursor: encodeCursor({ k: 'name4', id: 'id4' }),
    });
    expect(toConnection([], 0, 4, cursorOf)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 4 });
  });
});
