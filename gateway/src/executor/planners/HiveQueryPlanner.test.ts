import { composeServices } from '@apollo/composition';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { graphql } from '../gatewayInternals.js';
import { HiveQueryPlanner } from './HiveQueryPlanner.js';
import type { OperationPlanner } from './OperationPlanner.js';

const { parse, GraphQLError } = graphql;
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';
const composed = composeServices([
  { name: 'a', url: 'http://a', typeDefs: parse(`${LINK} type Query { item: Item } type Subscription { ticks: Item } type Item @key(fields: "id") { id: ID! }`) },
  { name: 'b', url: 'http://b', typeDefs: parse(`${LINK} type Item @key(fields: "id") { id: ID! name: String }`) },
]);
const supergraphSdl = composed.supergraphSdl!;
const apiSchema = Supergraph.build(supergraphSdl).apiSchema();

function planWith(query: string) {
  const calls: string[] = [];
  const fallback: OperationPlanner = { plan: (_operation, document) => (calls.push(graphql.print(document)), { kind: 'QueryPlan', node: undefined }) };
  const document = parse(query);
  const plan = new HiveQueryPlanner(supergraphSdl, fallback).plan(operationFromDocument(apiSchema, document), document, undefined);
  return { plan, fellBack: calls.length === 1 };
}

describe('HiveQueryPlanner', () => {
  it('plans queries itself', () => {
    const { plan, fellBack } = planWith('{ item { id name } }');
    expect(fellBack).toBe(false);
    expect((plan as QueryPlan).node?.kind).toBe('Sequence');
  });

  it('leaves subscriptions and @defer to Apollo’s planner', () => {
    expect(planWith('subscription { ticks { id name } }').fellBack).toBe(true);
    expect(planWith('{ item { id ... @defer { name } } }').fellBack).toBe(true);
  });

  it('leaves introspection with data and a bare { __typename } to Apollo’s planner (which answers them in the gateway)', () => {
    expect(planWith('{ __schema { queryType { name } } item { id } }').fellBack).toBe(true);
    expect(planWith('{ __typename }').fellBack).toBe(true);
    expect(planWith('{ __typename item { id } }').fellBack).toBe(false);
  });

  it('reports an operation it cannot plan as QUERY_PLANNING_FAILED', () => {
    // A document Hive's planner refuses (a field the schema lacks; in the gateway validation comes
    // first, and what is refused are unreachable fields: test/e2e/federation-shapes/plannerShapes.test.ts).
    const planner = new HiveQueryPlanner(supergraphSdl, { plan: () => ({ kind: 'QueryPlan' }) });
    const document = parse('{ item { nope } }');
    let error: unknown;
    try {
      planner.plan({ rootKind: 'query' } as never, document, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as InstanceType<typeof GraphQLError>).extensions.code).toBe('QUERY_PLANNING_FAILED');
  });
});
