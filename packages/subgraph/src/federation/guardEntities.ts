import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { badInput } from '@ordergraph/core';
import { requestMeta } from '../security/requestMeta.js';

export interface EntityGuardOptions {
  /** Most representations in one `_entities` call. @default 10000 */
  maxRepresentations?: number;
  /** Longest ID or String key field value, in characters. @default 128 */
  maxKeyLength?: number;
  /**
   * Most representations from a caller that is neither the gateway nor a service (no valid
   * identity header or service token: `requestMeta(context).fromGateway === false`). Only the
   * gateway's plans send `_entities`; a direct caller sending thousands made the subgraph resolve
   * (and refuse) each one, 0.6–2.8 s per request (session 7 sweep). @default 100
   */
  maxDirectRepresentations?: number;
}

/** A key's fields: a leaf is a scalar's type name, a branch a nested key selection. */
type KeyShape = Map<string, string | KeyShape>;

interface EntityType {
  /** The resolvable `@key`s (one must match a representation). */
  keys: KeyShape[];
}

type ResolveReference = (reference: object, context: unknown, info: unknown) => unknown;
interface SubgraphExtensions {
  apollo?: { subgraph?: { resolveReference?: ResolveReference } };
}

function keyDirectives(type: GraphQLNamedType): readonly ConstDirectiveNode[] {
  return [type.astNode, ...(type.extensionASTNodes ?? [])].flatMap((node) => node?.directives ?? []).filter((d) => d.name.value === 'key');
}

function keyShape(schema: GraphQLSchema, typeName: string, selections: SelectionSetNode): KeyShape {
  const type = schema.getType(typeName);
  const fields = type && (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) ? type.getFields() : {};
  const shape: KeyShape = new Map();
  for (const selection of selections.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const named = getNamedType(fields[selection.name.value]?.type);
    if (!named) continue;
    shape.set(selection.name.value, selection.selectionSet ? keyShape(schema, named.name, selection.selectionSet) : named.name);
  }
  return shape;
}

/** Every entity type of the schema with its resolvable keys, from the `@key` directives. */
function entityTypes(schema: GraphQLSchema): Map<string, EntityType> {
  const entities = new Map<string, EntityType>();
  for (const type of Object.values(schema.getTypeMap())) {
    const keys = keyDirectives(type)
      .filter((d) => !d.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value))
      .map((d) => d.arguments?.find((a) => a.name.value === 'fields')?.value)
      .filter((v) => v?.kind === Kind.STRING)
      .map((v) => keyShape(schema, type.name, (parse(`{ ${(v as { value: string }).value} }`).definitions[0] as { selectionSet: SelectionSetNode }).selectionSet));
    if (keys.length > 0) entities.set(type.name, { keys });
  }
  return entities;
}

/** Why `value` does not fit `shape`, or null. */
function keyMismatch(value: Record<string, unknown>, shape: KeyShape, maxKeyLength: number, path = ''): string | null {
  for (const [field, expected] of shape) {
    const v = value[field];
    const where = `${path}${field}`;
    if (typeof expected !== 'string') {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return `key field "${where}" must be an object`;
      const nested = keyMismatch(v as Record<string, unknown>, expected, maxKeyLength, `${where}.`);
      if (nested) return nested;
    } else if (expected === 'ID' || expected === 'String') {
      if (typeof v !== 'string' || v.length === 0 || v.length > maxKeyLength) return `key field "${where}" must be a string of 1 to ${maxKeyLength} characters`;
    } else if (expected === 'Int') {
      if (!Number.isSafeInteger(v)) return `key field "${where}" must be an integer`;
    } else if (expected === 'Boolean') {
      if (typeof v !== 'boolean') return `key field "${where}" must be a boolean`;
    } else if (v === undefined || v === null) {
      return `key field "${where}" is missing`;
    }
  }
  return null;
}

function checkRepresentation(reference: unknown, index: number, entities: Map<string, EntityType>, maxKeyLength: number): void {
  const fail = (why: string) => badInput(`representations[${index}]: ${why}.`, { argumentName: 'representations', index });
  if (reference === null || typeof reference !== 'object' || Array.isArray(reference)) throw fail('expected an object with __typename and key fields');
  const typename = (reference as { __typename?: unknown }).__typename;
  if (typeof typename !== 'string') throw fail('"__typename" must be a string');
  const entity = entities.get(typename);
  if (!entity) throw fail(`"${typename.slice(0, 64)}" is not an entity type this service resolves`);
  const mismatches = entity.keys.map((key) => keyMismatch(reference as Record<string, unknown>, key, maxKeyLength));
  if (!mismatches.includes(null)) throw fail(mismatches[0]!);
}

/**
 * Harden a subgraph schema's `_entities` field, in place (before any schema transform copies it):
 *
 * - every representation is checked up front (an object, a `__typename` this subgraph resolves,
 *   key fields present and of the key's type, at most `maxRepresentations`): a clear
 *   BAD_USER_INPUT instead of a loader failing on an array id deep in Prisma;
 * - every `__resolveReference` returns a promise, so one that throws at once can no longer abort
 *   `@apollo/subgraph`'s loop after earlier references started loading;
 * - should the loop still throw, the loads it already started are marked handled: their
 *   rejections belong to this request, which fails with the thrown error, and must never reach
 *   the process as unhandled rejections.
 */
export function guardEntities(schema: GraphQLSchema, options: EntityGuardOptions = {}): void {
  const { maxRepresentations = 10_000, maxKeyLength = 128, maxDirectRepresentations = 100 } = options;
  const entitiesField = schema.getQueryType()?.getFields()._entities;
  if (!entitiesField?.resolve) return;
  const entities = entityTypes(schema);
  const started = new WeakMap<object, Promise<unknown>[]>();
  for (const name of entities.keys()) {
    const extensions = schema.getType(name)!.extensions as SubgraphExtensions;
    const original = extensions.apollo?.subgraph?.resolveReference;
    if (!original) continue;
    extensions.apollo!.subgraph!.resolveReference = (reference, context, info) => {
      const result = (async () => original(reference, context, info))();
      started.get(info as object)?.push(result);
      return result;
    };
  }
  const resolve = entitiesField.resolve as GraphQLFieldResolver<unknown, unknown>;
  entitiesField.resolve = (source, args: { representations?: unknown }, context, info) => {
    const representations = args.representations;
    if (!Array.isArray(representations)) throw badInput('"representations" must be a list.', { argumentName: 'representations' });
    const limit = requestMeta(context).fromGateway === false ? Math.min(maxDirectRepresentations, maxRepresentations) : maxRepresentations;
    if (representations.length > limit) {
      throw badInput(`At most ${limit} representations per request; received ${representations.length}.`, { argumentName: 'representations' });
    }
    representations.forEach((reference, index) => checkRepresentation(reference, index, entities, maxKeyLength));
    const loads: Promise<unknown>[] = [];
    started.set(info, loads);
    try {
      return resolve(source, args, context, info);
    } catch (error) {
      for (const load of loads) load.catch(() => undefined);
      throw error;
    } finally {
      started.delete(info);
    }
  };
}
