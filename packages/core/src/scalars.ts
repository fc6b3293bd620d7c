import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.js';

/** Earliest and latest instants a client may send: what every PostgreSQL timestamp column holds. */
export const MIN_INPUT_DATE = new Date('1970-01-01T00:00:00.000Z');
export const MAX_INPUT_DATE = new Date('9999-12-31T23:59:59.999Z');
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A date-time a client sent (an argument, a cursor key): an ISO-8601 string between 1970 and
 * 9999, else BAD_USER_INPUT. JavaScript accepts years ±271821, PostgreSQL does not: a date past
 * its range failed deep in the database as an internal error.
 */
export function parseDateTimeInput(value: unknown, what = 'DateTime'): Date {
  const date = typeof value === 'string' && value.length <= 40 && ISO_DATE_TIME.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime()) || date < MIN_INPUT_DATE || date > MAX_INPUT_DATE) {
    throw badInput(`${what} must be an ISO-8601 date-time between 1970 and 9999, e.g. 2026-01-31T12:00:00.000Z; received ${JSON.stringify(String(value).slice(0, 40))}.`);
  }
  return date;
}

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw badInput(`DateTime must be an ISO-8601 date-time string; received ${JSON.stringify(value)}.`);
  }
  return date;
}

/** ISO-8601 date-time, serialised in UTC (e.g. `2026-01-31T12:00:00.000Z`). */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-01-31T12:00:00.000Z.',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => parseDateTimeInput(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime literals must be strings.');
    return parseDateTimeInput(ast.value);
  },
});
