import { badInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Longest cursor accepted, in characters. */
export const MAX_CURSOR_LENGTH = 512;

/** A keyset position: the sort value of the last row seen and its id, as a tie-breaker. */
export interface KeysetCursor {
  /** Sort key of the row (string, number, or ISO date string). */
  k: string | number;
  id: string;
}

export interface PageArgs {
  first: number;
  after: KeysetCursor | null;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.k, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): KeysetCursor {
  const fail = () =>
    badInput(`Invalid cursor "${raw.slice(0, 64)}": pass an endCursor value returned by a previous page.`, {
      argumentName: 'after',
    });
  // Ours are under 100 characters; a longer one is not ours, and is not worth decoding.
  if (raw.length > MAX_CURSOR_LENGTH) throw fail();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !(typeof parsed[0] === 'string' || typeof parsed[0] === 'number') ||
    typeof parsed[1] !== 'string' ||
    String(parsed[0]).length > 256 ||
    parsed[1].length > 128 ||
    (typeof parsed[0] === 'number' && !Number.isSafeInteger(parsed[0])) ||
    // No cursor of ours holds NUL, and PostgreSQL text cannot: it would fail as an internal error.
    String(parsed[0]).includes('\u0000') ||
    parsed[1].includes('\u0000')
  ) {
    throw fail();
  }
  return { k: parsed[0], id: parsed[1] };
}

/**
 * How many items a page holds for a `first` argument: null (sent explicitly, which bypasses the
 * schema's `= 20`) and absent both mean the default. The gateway's cost estimate uses this too,
 * so what is costed is what is served.
 */
export const servedPageSize = (first: number | null | undefined): number => first ?? DEFAULT_PAGE_SIZE;

/** Validate Relay arguments once, with errors that say what was expected. */
export function parsePageArgs(first: number | null | undefined, after: string | null | undefined): PageArgs {
  const size = servedPageSize(first);
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`"first" must be an integer from 0 to ${MAX_PAGE_SIZE}; received ${String(first)}.`, {
      argumentName: 'first',
    });
  }
  return { first: size, after: after == null || after === '' ? null : decodeCursor(after) };
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * Turn `first + 1` fetched rows into a connection: the extra row only tells
 * whether there is a next page.
 */
export function toConnection<T>(
  rows: T[],
  first: number,
  totalCount: number,
  cursorOf: (row: T) => KeysetCursor,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
