import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { DEFAULT_SUPERGRAPH_PATH } from '../config.js';
import { compileShape } from './compileShape.js';
import type { FieldSelection, Operation } from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';
import { dist, graphql } from './gatewayInternals.js';

// Stock result shaping (not exported by @apollo/gateway): only this test needs it.
const { computeResponse } = dist<{
  computeResponse(args: {
    operation: Operation;
    variables?: Record<string, any>;
    input: Record<string, any> | null | undefined;
    introspectionHandling: (selection: FieldSelection) => any;
  }): { data: Record<string, any> | null | undefined; errors: GraphQLError[] };
}>('resultShaping.js', ['computeResponse']);
import { shapeResponse } from './shapeResponse.js';

// Our compiled shaper against @apollo/gateway's computeResponse on the same fetched data,
// including data the subgraphs should never send (nulls in non-null fields, bad enums and
// __typenames): the outputs, key order and errors must be identical.
const apiSchema = Supergraph.build(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')).apiSchema();
const introspect = (field: { responseName(): string }) => ({ introspected: field.responseName() });

function both(query: string, input: Record<string, any> | null, variables?: Record<string, any>) {
  const operation = operationFromDocument(apiSchema, graphql.parse(query));
  const handle = (f: any) => introspect(f.element);
  const stock = computeResponse({ operation, variables, input: structuredClone(input), introspectionHandling: handle });
  const ours = shapeResponse(compileShape(operation), variables, structuredClone(input), handle);
  const plain = (r: typeof ours) => JSON.stringify({ data: r.data, errors: r.errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })) });
  return { ours: plain(ours), stock: plain(stock) };
}

const product = (id: string, extra: Record<string, any> = {}) => ({ __typename: 'Product', id, name: `P${id}`, sku: 'S', price: { amount: 100, currency: 'USD' }, inventory: { available: 3, reserved: 0 }, ...extra });
const order = (id: string, extra: Record<string, any> = {}) => ({
  __typename: 'Order', id, status: 'PAID', createdAt: '2026-01-01T00:00:00.000Z', total: { amount: 5, currency: 'USD' },
  items: [{ quantity: 1, unitPrice: { amount: 5 }, product: product('p1') }], payment: { __typename: 'Payment', id: 'pay', status: 'CAPTURED' },
  customer: { __typename: 'Customer', id: 'c1', email: 'c@x', name: 'C' }, ...extra,
});

const CASES: Array<[string, string, Record<string, any> | null, Record<string, any>?]> = [
  ['fields out of order, extra key fields dropped', '{ products(first: 2) { edges { node { name id price { currency amount } } } totalCount } }', { products: { totalCount: 2, edges: [{ node: product('1') }, { node: product('2') }] } }],
  ['aliases, fragments and __typename', 'query { a: products { edges { node { ...F __typename t: __typename } } } } fragment F on Product { n: name ... on Product { id } }', { a: { edges: [{ node: product('1', { n: 'N' }) }] } }],
  ['@skip/@include with variables and defaults', 'query($s: Boolean = true, $i: Boolean!) { products { edges { node { id name @skip(if: $s) sku @include(if: $i) } } } }', { products: { edges: [{ node: product('1') }] } }, { i: false }],
  ['a null in a non-null field bubbles to the nearest nullable parent', '{ orders { edges { node { id status total { amount } } } } }', { orders: { edges: [{ node: order('o1', { status: null }) }, { node: order('o2') }] } }],
  ['a null in a non-null list element nullifies the list', '{ orders { edges { node { id items { quantity } } } } }', { orders: { edges: [{ node: order('o1', { items: [null] }) }] } }],
  ['an invalid enum value', '{ orders { edges { node { id status } } } }', { orders: { edges: [{ node: order('o1', { status: 'NOPE' }) }] } }],
  ['an unknown __typename', '{ order(id: "o1") { id payment { id } } }', { order: order('o1', { payment: { __typename: 'Secret', id: 'x' } }) }],
  ['a wrong scalar type', '{ product(id: "1") { id inventory { available } } }', { product: product('1', { inventory: { available: 'many', reserved: 0 } }) }],
  ['a missing field becomes null', '{ product(id: "1") { id description } }', { product: { __typename: 'Product', id: '1' } }],
  ['null root data', '{ product(id: "1") { id } }', null],
  ['introspection fields', '{ __typename __type(name: "Product") { name } product(id: "1") { id } }', { product: product('1') }],
  ['aliases named like Object.prototype properties: only own values count', '{ product(id: "1") { id constructor: description toString: sku __proto__: name } }', { product: { __typename: 'Product', id: '1', toString: 'S' } }],
  ['numbers in ID and String fields, a number id', '{ product(id: "1") { id name sku } }', { product: product('1', { id: 7, name: 1.5, sku: true }) }],
  ['duplicate selections merge', '{ orders { edges { node { id customer { id } customer { email name } } } } }', { orders: { edges: [{ node: order('o1') }] } }],
];

describe('shapeResponse matches @apollo/gateway computeResponse', () => {
  it.each(CASES)('%s', (_name, query, input, variables) => {
    const { ours, stock } = both(query, input, variables);
    expect(ours).toBe(stock);
  });

  it('is not vacuous: a bubbled null and its error are in the output', () => {
    const { ours } = both(CASES[3]![1], CASES[3]![2]);
    expect(JSON.parse(ours).errors[0]).toMatchObject({ message: 'Cannot return null for non-nullable field Order.status.', path: ['orders', 'edges', 0, 'node', 'status'] });
  });
});
