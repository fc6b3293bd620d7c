import type { FetchNode } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { graphql, selectRepresentation } from './gatewayInternals.js';
import { representationIndexOf } from './representationKey.js';

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

describe('representationIndexOf', () => {
  it('numbers equal representations alike and new ones in order, and gives null exactly when none is sent', () => {
    const indexOf = representationIndexOf(schema, underProduct)!();
    expect(indexOf).not.toBeNull();
    const indices = ENTITIES.map(indexOf);
    for (const [i, a] of ENTITIES.entries()) {
      expect(indices[i] === null).toBe(slowKey(underProduct, a) === null);
      for (const [j, b] of ENTITIES.entries()) {
        if (indices[i] === null || indices[j] === null) continue;
        expect(indices[i] === indices[j]).toBe(slowKey(underProduct, a) === slowKey(underProduct, b));
      }
    }
    expect(indices.filter((k) => k !== null)).toEqual([0, 0, 1, 2, 3, 4, 5]);
    // Asked again, an entity keeps its number; a fresh index starts over.
    expect(indexOf({ __typename: 'Product', upc: '1', price: 10, tags: ['a', 'b'] })).toBe(5);
    expect(representationIndexOf(schema, underProduct)!()(ENTITIES[6]!)).toBe(0);
  });

  it('leaves other shapes to the representation itself', () => {
    expect(representationIndexOf(schema, fetchWith([field('__typename'), { ...field('p'), selections: [field('upc')] }]))).toBeNull();
    expect(representationIndexOf(schema, fetchWith([field('upc')]))).toBeNull();
    expect(representationIndexOf(schema, fetchWith([field('__typename'), field('upc')], { inputRewrites: [{ kind: 'ValueSetter', path: ['__typename'], setValueTo: 'X' }] }))).toBeNull();
  });
});
