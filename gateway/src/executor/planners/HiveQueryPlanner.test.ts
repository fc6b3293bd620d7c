import { composeServices } from '@apollo/composition';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import type { QueryPlan, SubscriptionNode } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { graphql } from '../gatewayInternals.js';
import { HiveQueryPlanner, type PlannerFallback } from './HiveQueryPlanner.js';
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
  const reported: PlannerFallback[] = [];
  const fallback: OperationPlanner = { plan: (_operation, document) => (calls.push(graphql.print(document)), { kind: 'QueryPlan', node: undefined }) };
  const document = parse(query);
  const plan = new HiveQueryPlanner(supergraphSdl, { fallback, onFallback: (f) => void reported.push(f) }).plan(operationFromDocument(apiSchema, document), document, undefined);
  expect(reported.length).toBe(calls.length);
  return { plan, fellBack: calls.length === 1, reason: reported[0]?.reason, unsupportedShape: reported[0]?.unsupportedShape };
}

describe('HiveQueryPlanner', () => {
  it('plans queries itself', () => {
    const { plan, fellBack } = planWith('{ item { id name } }');
    expect(fellBack).toBe(false);
    expect((plan as QueryPlan).node?.kind).toBe('Sequence');
  });

  it('plans subscriptions itself: the root field’s subgraph opens the subscription, each event runs the rest', () => {
    const { plan, fellBack } = planWith('subscription { ticks { id name } }');
    expect(fellBack).toBe(false);
    const node = plan.node as SubscriptionNode;
    expect(node.kind).toBe('Subscription');
    expect(node.primary).toMatchObject({ kind: 'Fetch', serviceName: 'a', operationKind: 'subscription' });
    expect(node.rest).toMatchObject({ kind: 'Flatten', path: ['ticks'], node: { kind: 'Fetch', serviceName: 'b' } });
  });

  it('leaves @defer to Apollo’s planner, and says so (by design, not an unsupported shape)', () => {
    expect(planWith('{ item { id ... @defer { name } } }')).toMatchObject({ fellBack: true, reason: 'defer', unsupportedShape: false });
  });

  it('leaves introspection with data and a bare { __typename } to Apollo’s planner (which answers them in the gateway)', () => {
    expect(planWith('{ __schema { queryType { name } } item { id } }')).toMatchObject({ fellBack: true, reason: 'introspection' });
    expect(planWith('{ __typename }')).toMatchObject({ fellBack: true, reason: 'typename_only' });
    expect(planWith('{ __typename item { id } }').fellBack).toBe(false);
  });

  it('reports an operation it cannot plan as QUERY_PLANNING_FAILED', () => {
    // A document Hive's planner refuses (a field the schema lacks; in the gateway validation comes
    // first, and what is refused are unreachable fields: test/e2e/federation-shapes/plannerShapes.test.ts).
    const planner = new HiveQueryPlanner(supergraphSdl, { fallback: { plan: () => ({ kind: 'QueryPlan' }) } });
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
