import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { buildSchema, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUPERGRAPH_PATH } from '../config.js';
import { parsePageArgs } from '@ordergraph/core';
import { costEstimator, listSizeOf, useCostLimit } from '../plugins/useCostLimit.js';
import { readSupergraphDirectives } from './supergraphDirectives.js';
import { limitRules, maxSelectionNestingRule } from './validationRules.js';

const LIMITS = { maxDepth: 6, maxAliases: 3, maxDirectives: 2, maxRootFields: 2, maxTokens: 5000, maxCost: 0, defaultListSize: 10, maxBodyBytes: 0, maxBatch: 0, operationsPerWindow: 0, windowSeconds: 0 };
const schema = buildSchema('type Query { a: A b: String c: String } type A { a: A s: String }');
const errors = (source: string) => validate(schema, parse(source), [...specifiedRules, ...limitRules(LIMITS)]).map((e) => e.message);

describe('document limits', () => {
  it('depth, counted through fragments', () => {
    expect(errors('{ a { a { a { a { a { s } } } } } }')).toEqual([]);
    expect(errors('{ a { a { a { a { a { a { s } } } } } } }')).toEqual(['Query depth limit of 6 exceeded, found 7.']);
    expect(errors('{ a { ...F } } fragment F on A { a { a { a { a { a { s } } } } } }')).toHaveLength(1);
  });

  it('aliases, directives and root fields (fragments included)', () => {
    expect(errors('{ x: b y: b z: b w: b }')[0]).toMatch(/Aliases limit of 3 exceeded/);
    expect(errors('{ b @include(if: true) @include(if: true) @include(if: true) }')[0]).toMatch(/Directives limit of 2 exceeded/);
    expect(errors('{ b ...F } fragment F on Query { c a { s } }')).toEqual(['An operation may select at most 2 root fields; this one selects 3.']);
  });
});

describe('selection nesting (fields and inline fragments)', () => {
  const nested = (levels: number, inner = 'b') => `{ ${'... on Query { '.repeat(levels)}${inner} ${'} '.repeat(levels)}}`;
  it('refuses inline fragments nested past 32, which the depth rule does not count', () => {
    expect(errors(nested(31))).toEqual([]);
    expect(errors(nested(32))).toEqual(['Selection sets (fields and inline fragments) may be nested at most 32 deep; flatten the operation.']);
    expect(errors(nested(60))).toHaveLength(1);
  });

  it('counts through named fragments, and stops at a fragment cycle', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ... on Query { ${i < 39 ? `...F${i + 1}` : 'b'} } }`).join(' ');
    expect(errors(`{ ...F0 } ${chain}`)).toContain('Selection sets (fields and inline fragments) may be nested at most 32 deep; flatten the operation.');
    // A fragment bomb (each fragment spreads the next twice): 2^40 spreads unless each fragment is walked once.
    const bomb = Array.from({ length: 40 }, (_, i) => `fragment B${i} on Query { ${i < 39 ? `...B${i + 1} ...B${i + 1}` : 'b'} }`).join(' ');
    const started = performance.now();
    validate(schema, parse(`{ ...B0 } ${bomb}`), [maxSelectionNestingRule()]);
    expect(performance.now() - started).toBeLessThan(1000);
    const cycle = errors('{ ...A } fragment A on Query { ... on Query { ...B } } fragment B on Query { ...A }');
    expect(cycle.some((m) => m.startsWith('Cannot spread fragment'))).toBe(true);
  });
});

describe('cost estimate from the supergraph’s @cost/@listSize', () => {
  const supergraph = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
  const directives = readSupergraphDirectives(supergraph);
  // The API schema the gateway serves, as @apollo/gateway derives it from the supergraph.
  let api: GraphQLSchema;
  process.env.APOLLO_TELEMETRY_DISABLED = 'true'; // no metrics to Apollo, no cloud metadata probes
  const gateway = new ApolloGateway({ supergraphSdl: supergraph });
  beforeAll(async () => {
    api = (await gateway.load()).schema;
  });
  afterAll(() => gateway.stop());
  const cost = (source: string, variables = {}) => getComplexity({ schema: api, query: parse(source), variables, estimators: [costEstimator(api, directives, 10)] });

  it('reads the composed directives', () => {
    expect(directives.listSizes.get('Query.products')).toMatchObject({ slicingArguments: ['first'], sizedFields: ['edges'] });
    expect(directives.requirements.get('Query.orders')?.authenticated).toBe(true);
    expect(directives.requirements.get('Mutation.updateProduct')?.scopes).toEqual([[['admin']]]);
    expect(directives.requirements.get('Order.status')?.authenticated).toBe(true);
  });

  it('multiplies by the slicing argument (or its default), not again by the sized edges list', () => {
    // products(1) + first × (edges(1) + node(1) + price(1))
    expect(cost('{ products(first: 5) { edges { node { name price { amount } } } } }')).toBe(1 + 5 * 3);
    expect(cost('{ products { edges { node { name } } } }')).toBe(1 + 20 * 2);
    expect(cost('query($n: Int) { products(first: $n) { edges { node { name } } } }', { n: 50 })).toBe(1 + 50 * 2);
  });

  it('costs what the subgraphs serve for first: null, absent, a variable set to null, or negative', () => {
    const served = (first: number | null | undefined) => parsePageArgs(first ?? null, null).first;
    // products(1) + size × (edges(1) + node(1))
    expect(cost('{ products(first: null) { edges { node { name } } } }')).toBe(1 + served(null) * 2);
    expect(cost('query($n: Int) { products(first: $n) { edges { node { name } } } }', { n: null })).toBe(1 + served(null) * 2);
    expect(cost('query($n: Int) { products(first: $n) { edges { node { name } } } }', {})).toBe(1 + served(undefined) * 2);
    expect(cost('query($n: Int = null) { products(first: $n) { edges { node { name } } } }', {})).toBe(1 + served(null) * 2);
    expect(served(null)).toBe(20);
    // A negative size (refused by the subgraph) must not lower the cost of the other fields.
    expect(cost('{ a: products(first: -1000) { edges { node { name } } } b: products(first: 100) { edges { node { name } } } }')).toBe(1 + (1 + 100 * 2));
  });

  it('agrees with parsePageArgs for every value a client can send', () => {
    const listSize = directives.listSizes.get('Query.products')!;
    for (const first of [undefined, null, 0, 1, 7, 20, 100]) {
      expect(listSizeOf(listSize, first === undefined ? {} : { first }, 10)).toBe(parsePageArgs(first, null).first);
    }
  });

  it('does not crash on variables too deeply nested to key (JSON.stringify recurses): execution refuses them', async () => {
    let nested: unknown = 'x';
    for (let i = 0; i < 20_000; i++) nested = { items: [nested] };
    expect(() => JSON.stringify(nested)).toThrow(RangeError);
    const plugin = useCostLimit({ directives: () => directives, maxCost: 1000, defaultListSize: 10 });
    const listener = await (plugin.requestDidStart as (rc: unknown) => Promise<{ didResolveOperation(rc: unknown): Promise<void> }>)({});
    const document = parse('mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }');
    const resolved = { schema: api, document, operation: document.definitions[0], request: { variables: { input: nested } } };
    await expect(listener.didResolveOperation(resolved)).resolves.toBeUndefined();
  });

  // Was "estimated cost is too large to estimate" (COST_ESTIMATED_TOO_EXPENSIVE) for a trivial query.
  it('refuses a null sent for a defaulted variable in a non-null argument as BAD_USER_INPUT, not as too costly', async () => {
    const plugin = useCostLimit({ directives: () => directives, maxCost: 1000, defaultListSize: 10 });
    const listener = await (plugin.requestDidStart as (rc: unknown) => Promise<{ didResolveOperation(rc: unknown): Promise<void> }>)({});
    const resolve = (source: string, variables: Record<string, unknown>) => {
      const document = parse(source);
      return listener.didResolveOperation({ schema: api, document, operation: document.definitions[0], request: { variables } });
    };
    const refused = resolve('query($s: Boolean = false) { __typename @skip(if: $s) }', { s: null });
    await expect(refused).rejects.toMatchObject({ message: 'Argument "if" of non-null type "Boolean!" must not be null.', extensions: { code: 'BAD_USER_INPUT' } });
    await expect(resolve('query($id: ID = "p1") { product(id: $id) { name } }', { id: null })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(resolve('query($s: Boolean = false) { __typename @skip(if: $s) }', { s: true })).resolves.toBeUndefined();
  });

  it('uses the default list size for unsized lists, and 10 for a mutation', () => {
    // order(1) + items: 10 × (item(1) + product(1))
    expect(cost('{ order(id: "x") { items { product { name } } } }')).toBe(1 + 10 * 2);
    expect(cost('mutation { updateProduct(id: "x", input: {}) { id } }')).toBe(10);
  });
});
