import { GatewayMetrics } from '@ordergraph/telemetry';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { graphql } from '../executor/gatewayInternals.js';
import { reportPlannerFallbacks } from './plannerFallbacks.js';

async function fallbacks(registry: Registry) {
  const metric = await registry.getSingleMetric('gateway_query_planner_fallback_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels.planner}/${v.labels.reason}`, v.value]));
}

describe('reportPlannerFallbacks', () => {
  it('counts every fallback by planner and reason, and warns once per distinct operation about unsupported shapes only', async () => {
    const registry = new Registry();
    const warnings: unknown[] = [];
    const report = reportPlannerFallbacks(new GatewayMetrics(registry), { warn: ((fields: unknown) => void warnings.push(fields)) as never });
    const a = graphql.parse('query A { item { id } }');
    const b = graphql.parse('query B { item { name } }');
    report({ reason: 'type_conditioned_flatten', unsupportedShape: true, operationName: 'A', document: a });
    report({ reason: 'type_conditioned_flatten', unsupportedShape: true, operationName: 'A', document: a });
    report({ reason: 'requires_fragment_spread', unsupportedShape: true, operationName: 'B', document: b });
    report({ reason: 'subscription', unsupportedShape: false, operationName: undefined, document: a });
    expect(await fallbacks(registry)).toEqual({ 'apollo/type_conditioned_flatten': 2, 'apollo/requires_fragment_spread': 1, 'apollo/subscription': 1 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ reason: 'type_conditioned_flatten', operationName: 'A', operationHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // The operation's text (its literals may be personal data) is not logged.
    expect(JSON.stringify(warnings)).not.toContain('item');
  });
});
