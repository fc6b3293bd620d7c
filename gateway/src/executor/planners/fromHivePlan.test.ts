import { describe, expect, it } from 'vitest';
import type * as Hive from '@graphql-hive/router-query-planner';
import type { FetchNode, FlattenNode, ParallelNode } from '@apollo/query-planner';
import { fromHivePlan } from './fromHivePlan.js';

const entityFetch = (requires: Hive.RequiresSelection[], extra: Partial<Hive.FetchNode> = {}): Hive.QueryPlan => ({
  kind: 'QueryPlan',
  node: {
    kind: 'Flatten',
    path: [{ Field: 'feed' }, '@'],
    node: { kind: 'Fetch', serviceName: 'posts', operation: 'query($representations:[_Any!]!){_entities(representations: $representations){...on Post{author{id}}}}', requires, ...extra },
  },
});

describe('fromHivePlan', () => {
  it('turns a requires field read under one key and sent under another into a KeyRenamer, nested renames first', () => {
    const plan = fromHivePlan(
      entityFetch([
        {
          kind: 'InlineFragment',
          typeCondition: 'Post',
          selections: [
            { kind: 'Field', name: '__typename' },
            { kind: 'Field', name: '_alias_0', alias: 'comments', selections: [{ kind: 'Field', name: '_alias_1', alias: 'author' }] },
          ],
        },
      ]),
    );
    const flatten = plan.node as FlattenNode;
    expect(flatten.path).toEqual(['feed', '@']);
    const fetch = flatten.node as FetchNode;
    expect(fetch.requires).toEqual([
      { kind: 'InlineFragment', typeCondition: 'Post', selections: [{ kind: 'Field', name: '__typename' }, { kind: 'Field', name: '_alias_0', selections: [{ kind: 'Field', name: '_alias_1' }] }] },
    ]);
    expect(fetch.inputRewrites).toEqual([
      { kind: 'KeyRenamer', path: ['... on Post', '_alias_0', '_alias_1'], renameKeyTo: 'author' },
      { kind: 'KeyRenamer', path: ['... on Post', '_alias_0'], renameKeyTo: 'comments' },
    ]);
    expect(fetch.operationDocumentNode).toBeDefined();
  });

  it('expands a rewrite naming several types into one Apollo path per type', () => {
    const plan = fromHivePlan(entityFetch([], { inputRewrites: [{ ValueSetter: { path: [{ TypenameEquals: ['Book', 'Film'] }, { Key: '__typename' }], setValueTo: 'Media' } }] }));
    expect(((plan.node as FlattenNode).node as FetchNode).inputRewrites).toEqual([
      { kind: 'ValueSetter', path: ['... on Book', '__typename'], setValueTo: 'Media' },
      { kind: 'ValueSetter', path: ['... on Film', '__typename'], setValueTo: 'Media' },
    ]);
  });

  it('splits a BatchFetch into one entity fetch per alias and path, each with only its fragments and variables', () => {
    const requires: Hive.RequiresSelection[] = [{ kind: 'InlineFragment', typeCondition: 'Book', selections: [{ kind: 'Field', name: 'id' }] }];
    const plan = fromHivePlan({
      kind: 'QueryPlan',
      node: {
        kind: 'BatchFetch',
        serviceName: 'inventory',
        variableUsages: ['zip'],
        operation:
          'query($__r0:[_Any!]!, $__r1:[_Any!]!, $zip: String){_e0: _entities(representations: $__r0){...on Book{...a}} _e1: _entities(representations: $__r1){...on Book{stock(zip: $zip)}}}\nfragment a on Book {shelf}',
        entityBatch: {
          aliases: [
            { alias: '_e0', representationsVariableName: '__r0', paths: [[{ Field: 'book' }], [{ Field: 'other' }]], requires },
            { alias: '_e1', representationsVariableName: '__r1', paths: [[{ Field: 'list' }, '@']], requires },
          ],
        },
      },
    });
    const nodes = (plan.node as ParallelNode).nodes as FlattenNode[];
    expect(nodes.map((n) => n.path)).toEqual([['book'], ['other'], ['list', '@']]);
    const [first, , last] = nodes.map((n) => n.node as FetchNode);
    expect(first!.operation.replace(/\s+/g, ' ')).toBe('query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Book { ...a } } } fragment a on Book { shelf }');
    expect(first!.variableUsages).toEqual([]);
    expect(last!.operation.replace(/\s+/g, ' ')).toBe('query ($representations: [_Any!]!, $zip: String) { _entities(representations: $representations) { ... on Book { stock(zip: $zip) } } }');
    expect(last!.variableUsages).toEqual(['zip']);
  });
});
