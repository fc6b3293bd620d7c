import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { graphql } from '../gatewayInternals.js';
import { overrideConditions, ProgressiveOverride } from './progressiveOverride.js';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"])';
const supergraph = (labels: string[]) => {
  const fields = labels.map((label, i) => `f${i}: Int @override(from: "old", label: "${label}")`).join(' ');
  const oldFields = labels.map((_, i) => `f${i}: Int`).join(' ');
  const composed = composeServices([
    { name: 'old', url: 'http://old', typeDefs: graphql.parse(`${LINK} type Query { item: Item } type Item @key(fields: "id") { id: ID! ${oldFields} }`) },
    { name: 'new', url: 'http://new', typeDefs: graphql.parse(`${LINK} type Item @key(fields: "id") { id: ID! ${fields} }`) },
  ]);
  if (composed.errors) throw composed.errors[0];
  return Supergraph.build(composed.supergraphSdl).schema;
};

describe('ProgressiveOverride', () => {
  it('is null for a supergraph without override labels', () => {
    expect(ProgressiveOverride.fromSupergraph(supergraph([]))).toBeNull();
  });

  it('switches percent(N) on for rolls below N, with one roll per request shared by every label', () => {
    const rolls = [0, 0.1, 0.2499, 0.25, 0.5, 0.9999];
    const override = ProgressiveOverride.fromSupergraph(supergraph(['percent(25)', 'percent(50)', 'percent(0)', 'percent(100)']), { random: () => rolls.shift()! })!;
    const keys = Array.from({ length: 6 }, () => override.decide().key);
    expect(keys).toEqual([
      'percent(100),percent(25),percent(50)',
      'percent(100),percent(25),percent(50)',
      'percent(100),percent(25),percent(50)',
      'percent(100),percent(50)',
      'percent(100)',
      'percent(100)',
    ]);
  });

  it('switches on only the custom labels it is given, for every request', () => {
    const override = ProgressiveOverride.fromSupergraph(supergraph(['beta', 'gamma']), { activeLabels: ['gamma', 'unknown'] })!;
    expect(override.labels().sort()).toEqual(['beta', 'gamma']);
    const decision = override.decide();
    expect([...decision.active]).toEqual(['gamma']);
    expect(overrideConditions(decision)).toEqual(new Map([['gamma', true]]));
  });
});
