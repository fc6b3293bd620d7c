import type { FetchNode } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { graphql, selectRepresentation } from './gatewayInternals.js';
import { representationKeyOf } from './representationKey.js';

const schema = graphql.buildSchema('type Query { p: Product } type Product { upc: String! price: Int weight: Int tags: [String] } type Other { upc: String! }');
const field = (name: string) => ({ kind: 'Field' as const, name });
const fetchWith = (requires: any[], extra: Partial<FetchNode> = {}) => ({ kind: 'Fetch', serviceName: 's', requires, operation: '', ...extra }) as unknown as FetchNode;
const underProduct = fetchWith([{ kind: 'InlineFragment', typeCondition: 'Product', selections: [field('__typename'), field('upc'), field('price'), field('tags')] }]);

const ENTITIES = [
  { __typename: 'Product', upc: '1', price: 10, tags: ['a'] },
  { __typename: 'Product', upc: '1', price: 10, tags: ['a'], extra: 'ignored' },
  { __typename: 'Product', upc: '1', price: 11, tags: ['a'] },
  { __typename: 'Product', upc: '1', price: '10', tags: ['a'] },
  { __typename: 'Product', upc: '1', price: null, tags: ['a'] },
  { __typename: 'Product', upc: '1:', price: 10, tags: ['a'] },
  { __typename: 'Product', upc: '1', price: 10, tags: ['a', 'b'] },
  { __typename: 'Product', upc: '1', tags: ['a'] },
  { __typename: 'Other', upc: '1', price: 10, tags: ['a'] },
  { upc: '1', price: 10, tags: ['a'] },
];

/** What the executor keyed on before: the representation itself, or null when none is sent. */
function slowKey(fetch: FetchNode, entity: Record<string, any>): string | null {
  const representation = selectRepresentation(schema, entity, fetch.requires!);
  return representation?.__typename ? JSON.stringify(representation) : null;
}

describe('representationKeyOf', () => {
  it('gives equal keys exactly for equal representations, and null exactly when none is sent', () => {
    const keyOf = representationKeyOf(schema, underProduct)!;
    expect(keyOf).not.toBeNull();
    for (const a of ENTITIES) {
      expect(keyOf(a) === null).toBe(slowKey(underProduct, a) === null);
      for (const b of ENTITIES) {
        if (keyOf(a) === null || keyOf(b) === null) continue;
        expect(keyOf(a) === keyOf(b)).toBe(slowKey(underProduct, a) === slowKey(underProduct, b));
      }
    }
    expect(new Set(ENTITIES.map(keyOf).filter((k) => k !== null)).size).toBe(6);
  });

  it('leaves other shapes to the representation itself', () => {
    expect(representationKeyOf(schema, fetchWith([field('__typename'), { ...field('p'), selections: [field('upc')] }]))).toBeNull();
    expect(representationKeyOf(schema, fetchWith([field('upc')]))).toBeNull();
    expect(representationKeyOf(schema, fetchWith([field('__typename'), field('upc')], { inputRewrites: [{ kind: 'ValueSetter', path: ['__typename'], setValueTo: 'X' }] }))).toBeNull();
  });
});
