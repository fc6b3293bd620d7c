import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { LimitsConfig } from '../config.js';

/**
 * At most `max` fields at the root of an operation, fragments included: bounds the fan-out
 * one request can cause across subgraphs. (graphql-armor has no such rule.)
 */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => {
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) n += 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) n += count(selection.selectionSet, seen);
        else if (!seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) n += count(fragment.selectionSet, seen);
        }
      }
      return n;
    };
    return {
      OperationDefinition(operation) {
        const n = count(operation.selectionSet, new Set());
        if (n > max) context.reportError(new GraphQLError(`An operation may select at most ${max} root fields; this one selects ${n}.`, { nodes: [operation] }));
      },
    };
  };
}

/**
 * Most nested selection sets, fields and inline fragments alike, through named fragments. The
 * depth rule counts fields only, so `{ ... on Query { ... on Query { … } } }` passed it at any
 * nesting and reached Hive's query planner, whose parser stops at about 48 levels: the client got
 * 400 QUERY_PLANNING_FAILED quoting the planner's parse error. Legitimate operations stay far
 * below (12 fields deep with an inline fragment at every level is 24).
 */
export const MAX_SELECTION_NESTING = 32;

export function maxSelectionNestingRule(max = MAX_SELECTION_NESTING): ValidationRule {
  return (context: ValidationContext) => {
    // Levels of selection sets from `set` down (a spread adds none: its fragment's selections sit
    // in the spreading set). Each fragment's height is computed once: without that, fragments
    // spreading the next one twice cost 2^n. The walk stops once past `max`, and never enters a
    // fragment it is inside (cycles are NoFragmentCyclesRule's to report).
    const fragmentHeights = new Map<string, number>();
    const height = (set: SelectionSetNode, inside: Set<string>): number => {
      let found = 1;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const name = selection.name.value;
          if (inside.has(name)) continue;
          let fragmentHeight = fragmentHeights.get(name);
          if (fragmentHeight === undefined) {
            const fragment = context.getFragment(name);
            if (!fragment) continue;
            inside.add(name);
            fragmentHeight = height(fragment.selectionSet, inside);
            inside.delete(name);
            fragmentHeights.set(name, fragmentHeight);
          }
          found = Math.max(found, fragmentHeight);
        } else if (selection.selectionSet) {
          found = Math.max(found, 1 + height(selection.selectionSet, inside));
        }
        if (found > max) return found;
      }
      return found;
    };
    return {
      OperationDefinition(operation) {
        if (height(operation.selectionSet, new Set()) > max) {
          context.reportError(new GraphQLError(`Selection sets (fields and inline fragments) may be nested at most ${max} deep; flatten the operation.`, { nodes: [operation] }));
        }
      },
    };
  };
}

/**
 * An operation whose root type the schema lacks (a subscription here) fails validation,
 * instead of reaching the query planner, which would answer with a 500.
 */
export const knownOperationTypeRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    const schema = context.getSchema();
    const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) context.reportError(new GraphQLError(`This API has no ${operation.operation} operations.`, { nodes: [operation] }));
  },
});

/** graphql-armor throws by default (for Envelop); Apollo Server wants errors reported. */
const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')))] };

/**
 * Validation rules against expensive documents (graphql-armor for depth, aliases and
 * directives). Apollo Server runs them only when a document is first seen: validated
 * documents are cached, so they cost nothing on the hot path.
 */
export function limitRules(limits: LimitsConfig): ValidationRule[] {
  return [
    knownOperationTypeRule,
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true, ...report }) as unknown as ValidationRule,
    maxAliasesRule({ n: limits.maxAliases, exposeLimits: true, ...report }) as unknown as ValidationRule,
    maxDirectivesRule({ n: limits.maxDirectives, exposeLimits: true, ...report }) as unknown as ValidationRule,
    maxRootFieldsRule(limits.maxRootFields),
    maxSelectionNestingRule(),
  ];
}
