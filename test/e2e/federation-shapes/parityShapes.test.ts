// Issue #13 item 5: on each federation shape our executor answers exactly as stock
// @apollo/gateway (status, data, nulls, key order, errors), on Apollo's query planner (the
// default) and on Hive's (GATEWAY_QUERY_PLANNER=hive). Subgraphs and supergraph are our own
// (parityShapes.ts); the OrderGraph corpus is in executorParity.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { library, PARITY_CORPUS } from './parityShapes.js';
import { post, startToyFederation, type ToyFederation } from './toyFederation.js';

let federation: ToyFederation;
beforeAll(async () => void (federation = await startToyFederation(library)));
afterAll(() => federation?.stop());

describe('our executor answers each federation shape exactly as stock @apollo/gateway', () => {
  it.each(PARITY_CORPUS)('%s', async (_shape, query, variables = {}) => {
    const [stock, apollo, hive] = await Promise.all([
      post(federation.gateways.stock, query, variables),
      post(federation.gateways.apollo, query, variables),
      post(federation.gateways.hive, query, variables),
    ]);
    expect(apollo).toEqual(stock);
    expect(hive).toEqual(stock);
  });

  it('the shapes really are exercised (the comparison is not vacuous)', async () => {
    const byShape = Object.fromEntries(PARITY_CORPUS.map(([shape, query, variables]) => [shape, { query, variables }]));
    const ask = async (shape: string) => (await post(federation.gateways.stock, byShape[shape]!.query, byShape[shape]!.variables)).body;
    // @override: inventory's shelf, not catalog's.
    expect(await ask('@override: the overriding subgraph answers')).toEqual({
      data: { media: [{ title: 'Dune', shelf: 'shelf B1', copies: 3 }, { title: 'Emma', shelf: 'shelf B2', copies: 0 }, {}] },
    });
    // @requires: minutes from catalog reached inventory.
    expect(((await ask('@requires')) as any).data.media[2]).toEqual({ title: 'Alien', rentalCents: 351 });
    // @interfaceObject: the concrete type came from catalog.
    expect(((await ask('@interfaceObject back to the concrete type')) as any).data.reviews[1].media).toMatchObject({ __typename: 'Film', title: 'Alien' });
    // @inaccessible: refused by validation.
    expect(((await ask('@inaccessible field is not in the API')) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // @provides: names without asking people; handles from people.
    const before = federation.received.people!.length;
    await post(federation.gateways.apollo, '{ reviews { author { name } } }');
    expect(federation.received.people!.length).toBe(before);
    await post(federation.gateways.apollo, '{ reviews { author { handle } } }');
    expect(federation.received.people!.length).toBe(before + 1);
  });
});
