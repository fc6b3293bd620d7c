import { describe, expect, it } from 'vitest';
import type { FetchNode } from '@apollo/query-planner';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { FetchBatcher, type SendOperation } from './FetchBatcher.js';

const entityFetch = (serviceName: string, selection: string): FetchNode =>
  ({
    kind: 'Fetch',
    serviceName,
    requires: [{ kind: 'InlineFragment', typeCondition: 'Product', selections: [{ kind: 'Field', name: 'upc' }] }],
    variableUsages: ['currency'],
    operationName: 'Q__inventory__1',
    operation: `query Q__inventory__1($representations: [_Any!]!, $currency: String) { _entities(representations: $representations) { ... on Product { ...F } } } fragment F on Product { ${selection} }`,
  }) as unknown as FetchNode;

function recorder(answer: (query: string, variables: Record<string, any>) => GatewayGraphQLResponse) {
  const sent: Array<{ service: string; query: string; variables: Record<string, any> }> = [];
  const send: SendOperation = async (service, { query, variables }) => {
    sent.push({ service, query, variables });
    return answer(query, variables);
  };
  return { sent, send };
}

describe('FetchBatcher', () => {
  it('sends the entity fetches of one wave to the same subgraph as one call and gives each its own part', async () => {
    const { sent, send } = recorder((_query, variables) => variables.representations ? { data: { _entities: [{ reviews: [] }] } } : ({
      data: { _0: variables._0_representations.map(() => ({ inStock: true })), _1: variables._1_representations.map(() => ({ price: 3 })) },
      errors: [{ message: 'second failed', path: ['_1', 0, 'price'] }],
    }));
    const batcher = new FetchBatcher(send, new Map());
    const [a, b, other] = await Promise.all([
      batcher.fetch(entityFetch('inventory', 'inStock'), { representations: [{ upc: '1' }, { upc: '2' }], currency: 'EUR' }),
      batcher.fetch(entityFetch('inventory', 'price'), { representations: [{ upc: '3' }], currency: 'EUR' }),
      batcher.fetch(entityFetch('reviews', 'id'), { representations: [{ upc: '1' }] }),
    ]);
    expect(batcher.calls).toBe(2);
    const inventory = sent.find((s) => s.service === 'inventory')!;
    expect(inventory.query).toContain('_0: _entities(representations: $_0_representations)');
    expect(inventory.query).toContain('_1: _entities(representations: $_1_representations)');
    // Each fetch's fragments renamed apart; the client's variable shared.
    expect(inventory.query).toMatch(/fragment F_0 on Product \{\s*inStock\s*\}/);
    expect(inventory.query).toMatch(/fragment F_1 on Product \{\s*price\s*\}/);
    expect(inventory.variables).toEqual({ _0_representations: [{ upc: '1' }, { upc: '2' }], _1_representations: [{ upc: '3' }], currency: 'EUR' });
    expect(a).toEqual({ data: { _entities: [{ inStock: true }, { inStock: true }] }, errors: undefined });
    expect(b).toEqual({ data: { _entities: [{ price: 3 }] }, errors: [{ message: 'second failed', path: ['_entities', 0, 'price'] }] });
    expect(other).toEqual({ data: { _entities: [{ reviews: [] }] } });
    expect(sent.find((s) => s.service === 'reviews')!.variables).toEqual({ representations: [{ upc: '1' }] });
  });

  it('holds a fetch that becomes ready while others are in flight until they are answered', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const send: SendOperation = async (service, { variables }) => {
      order.push(`send ${service} ${Object.keys(variables).join(',')}`);
      if (service === 'slow') await gate;
      return { data: { _entities: [{}], _0: [{}], _1: [{}] } };
    };
    const batcher = new FetchBatcher(send, new Map());
    const slow = batcher.fetch(entityFetch('slow', 'id'), { representations: [{}] });
    const fast = batcher.fetch(entityFetch('fast', 'id'), { representations: [{}] });
    await fast;
    // The next level of the fast branch waits for the slow call of this wave...
    const next = [batcher.fetch(entityFetch('inventory', 'id'), { representations: [{}] })];
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['send slow representations', 'send fast representations']);
    // ...and goes out together with the slow branch's next level, as one call.
    release();
    await slow;
    next.push(batcher.fetch(entityFetch('inventory', 'name'), { representations: [{}] }));
    await Promise.all(next);
    expect(order.slice(2)).toEqual(['send inventory _0_representations,_1_representations']);
    expect(batcher.calls).toBe(3);
  });

  it('sends every fetch on its own, at once, when batching is off', async () => {
    const { sent, send } = recorder(() => ({ data: { _entities: [{}] } }));
    const batcher = new FetchBatcher(send, new Map(), false);
    await Promise.all([
      batcher.fetch(entityFetch('inventory', 'inStock'), { representations: [{ upc: '1' }] }),
      batcher.fetch(entityFetch('inventory', 'price'), { representations: [{ upc: '2' }] }),
    ]);
    expect(sent.map((s) => Object.keys(s.variables))).toEqual([['representations'], ['representations']]);
    expect(batcher.calls).toBe(2);
  });
});
