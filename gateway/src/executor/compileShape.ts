import {
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  Variable,
  type CompositeType,
  type FieldSelection,
  type Operation,
  type OutputType,
  type Schema,
  type SelectionSet,
} from '@apollo/federation-internals';

/** `@skip`/`@include` argument: a constant or the name of a variable. */
export type Condition = boolean | { variable: string };

export type ShapeType =
  | { kind: 'nonNull'; ofType: ShapeType; type: OutputType }
  | { kind: 'list'; ofType: ShapeType; type: OutputType }
  | { kind: 'composite'; type: CompositeType }
  | { kind: 'leaf'; type: OutputType; check: LeafCheck };

/** Whether a subgraph's value is valid for a scalar or enum: federation-internals' `isValidLeafValue`, decided per type once. */
export type LeafCheck = (value: unknown) => boolean;

export interface ShapeField {
  kind: 'field';
  skip?: Condition;
  include?: Condition;
  responseName: string;
  /** The response name is also an `Object.prototype` property (`constructor`, `toString`…): read it only if own. */
  shadowsPrototype: boolean;
  isTypename: boolean;
  isIntrospection: boolean;
  type: ShapeType;
  /** Fast path for scalars and enums: 1 nullable, 2 non-null, 0 anything else. */
  leaf: 0 | 1 | 2;
  selections?: ShapeSelection[];
  /** For introspection fields, answered by the introspection callback. */
  selection: FieldSelection;
}

export interface ShapeFragment {
  kind: 'fragment';
  skip?: Condition;
  include?: Condition;
  typeCondition?: CompositeType;
  selections: ShapeSelection[];
}

export type ShapeSelection = ShapeField | ShapeFragment;

/** An operation compiled once into plain objects for `applyShape` (see shapeResponse.ts). */
export interface CompiledShape {
  schema: Schema;
  rootType: CompositeType;
  selections: ShapeSelection[];
  /** Variables with defaults in the operation, applied under the request's values. */
  defaultedVariables: Record<string, any>;
}

function shapeType(schema: Schema, type: OutputType): ShapeType {
  if (isNonNullType(type)) return { kind: 'nonNull', ofType: shapeType(schema, type.ofType), type };
  if (isListType(type)) return { kind: 'list', ofType: shapeType(schema, type.ofType), type };
  if (isCompositeType(type)) return { kind: 'composite', type };
  return { kind: 'leaf', type, check: leafCheck(schema, type) };
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const ANY: LeafCheck = () => true;

/**
 * `isValidLeafValue(schema, value, type)` with its type comparisons done here, once: per value
 * it looked up the built-in scalars in the schema's type map up to six times (~3 % of the
 * gateway's CPU on \`bench:gateway\`, whose response is mostly scalars). Same outcomes.
 */
function leafCheck(schema: Schema, type: OutputType): LeafCheck {
  if (isCustomScalarType(type)) return ANY;
  const isBoolean = type === schema.booleanType();
  const isInt = type === schema.intType();
  const isIntegral = isInt || type === schema.idType();
  const isFloat = type === schema.floatType();
  const enumValues = isEnumType(type) ? new Set(type.values.map((value) => value.name)) : null;
  const anyString = !isBoolean && !isInt && !isFloat;
  return (value) => {
    if (typeof value === 'string') return enumValues ? enumValues.has(value) : anyString;
    if (typeof value === 'number' && Number.isFinite(value)) return isIntegral ? INTEGER.test(String(value)) : isFloat;
    if (typeof value === 'boolean') return isBoolean;
    return false;
  };
}

function condition(element: { appliedDirectivesOf(d: any): any[] }, directive: unknown): Condition | undefined {
  const applied = element.appliedDirectivesOf(directive)[0];
  if (!applied) return undefined;
  const arg = applied.arguments().if;
  return arg instanceof Variable ? { variable: arg.name } : Boolean(arg);
}

function compileSelections(schema: Schema, selectionSet: SelectionSet): ShapeSelection[] {
  const skip = schema.skipDirective();
  const include = schema.includeDirective();
  return selectionSet.selections().map((selection): ShapeSelection => {
    const conditions = { skip: condition(selection.element, skip), include: condition(selection.element, include) };
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      const type = shapeType(schema, field.definition.type!);
      return {
        kind: 'field',
        ...conditions,
        leaf: type.kind === 'leaf' ? 1 : type.kind === 'nonNull' && type.ofType.kind === 'leaf' ? 2 : 0,
        responseName: field.responseName(),
        shadowsPrototype: field.responseName() in Object.prototype,
        isTypename: field.name === '__typename',
        isIntrospection: field.definition.isSchemaIntrospectionField(),
        type,
        selections: selection.selectionSet ? compileSelections(schema, selection.selectionSet) : undefined,
        selection,
      };
    }
    return {
      kind: 'fragment',
      ...conditions,
      typeCondition: selection.element.typeCondition,
      selections: compileSelections(schema, selection.selectionSet),
    };
  });
}

export function compileShape(operation: Operation): CompiledShape {
  const schema = operation.schema();
  return {
    schema,
    rootType: schema.schemaDefinition.rootType(operation.rootKind)!,
    selections: compileSelections(schema, operation.selectionSet),
    defaultedVariables: operation.collectDefaultedVariableValues(),
  };
}
