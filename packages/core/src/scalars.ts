import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.js';

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
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime literals must be strings.');
    return toDate(ast.value);
  },
});
