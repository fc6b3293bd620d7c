import {
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from '@ordergraph/core';

export interface ArgumentBoundsOptions {
  /** Longest ID, in characters (ours are UUIDs, 36). @default 128 */
  maxIdLength?: number;
  /** Longest String; fields with tighter domain rules check those in their service. @default 10000 */
  maxStringLength?: number;
  /** Most items in a list argument or input field. @default 1000 */
  maxListLength?: number;
}

type Limits = Required<ArgumentBoundsOptions>;

/** Why `value` breaks a generic bound of `type`, or null. Depth is bounded by MAX_INPUT_DEPTH upstream. */
function violation(value: unknown, type: GraphQLInputType, path: string, limits: Limits): string | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return violation(value, nullable.ofType, path, limits);
    if (value.length > limits.maxListLength) return `"${path}" may hold at most ${limits.maxListLength} items; received ${value.length}`;
    for (let i = 0; i < value.length; i += 1) {
      const why = violation(value[i], nullable.ofType, `${path}[${i}]`, limits);
      if (why) return why;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [name, field] of Object.entries(fields)) {
      const why = violation((value as Record<string, unknown>)[name], field.type, `${path}.${name}`, limits);
      if (why) return why;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  if (nullable.name === 'ID' && (value.length === 0 || value.length > limits.maxIdLength)) {
    return `"${path}" must be an id of 1 to ${limits.maxIdLength} characters; received ${value.length}`;
  }
  if (value.length > limits.maxStringLength) return `"${path}" may be at most ${limits.maxStringLength} characters long; received ${value.length}`;
  return null;
}

function check(args: Record<string, unknown>, defs: readonly GraphQLArgument[], limits: Limits): void {
  for (const def of defs) {
    const why = violation(args[def.name], def.type, def.name, limits);
    if (why) throw badInput(`${why}.`, { argumentName: def.name });
  }
}

/**
 * Generic bounds on every argument and input field of every field, in place: IDs of a sane
 * length, no absurdly long strings, no huge lists. A floor under the domain rules (page sizes,
 * quantities, prices, formats), which services check with their own messages: whatever a field
 * forgets, no client value reaches a resolver, a query or a log unbounded.
 */
export function applyArgumentBounds(schema: GraphQLSchema, options: ArgumentBoundsOptions = {}): void {
  const limits: Limits = { maxIdLength: 128, maxStringLength: 10_000, maxListLength: 1000, ...options };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      // `_entities` has its own guard (guardEntities), with entity-aware checks.
      if (field.args.length === 0 || field.name === '_entities') continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        check(args, field.args, limits);
        return resolve(source, args, context, info);
      };
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, args, context, info) => {
          check(args, field.args, limits);
          return subscribe(source, args, context, info);
        };
      }
    }
  }
}
