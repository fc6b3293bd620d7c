// The shapes Apollo's query planner gets wrong (the six failures of the federation audit,
// docs/federation-audit.md), each in subgraphs of our own, through our executor on Hive's
// planner (GATEWAY_QUERY_PLANNER=hive). On Apollo's planner (`gateways.apollo`) each shape's
// test fails; the two marked as controls pass on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysResolvableInOneSubgraph, requiresWithArguments, unreachableInterfaceObjectField } from './plannerShapes.js';
import { post, startToyFederation, type ToyFederation } from './toyFederation.js';

describe('@requires on a field with arguments (GATEWAY_QUERY_PLANNER=hive)', () => {
  let federation: ToyFederation;
  beforeAll(async () => void (federation = await startToyFederation(requiresWithArguments)));
  afterAll(() => federation?.stop());

  it('sends the required argument while the client gets the one it asked for', async () => {
    const { body } = await post(federation.gateways.hive, '{ parcels { id tariff(unit: "CENTS") freight } }');
    // freight = tariff in UNITS × weight; the client's tariff is in cents.
    expect(body).toEqual({ data: { parcels: [{ id: 'p1', tariff: 300, freight: 6 }, { id: 'p2', tariff: 400, freight: 20 }] } });
  });

  it('two @requires of the same field with different arguments each get theirs', async () => {
    const { body } = await post(federation.gateways.hive, '{ parcels { freight freightCents } }');
    expect(body).toEqual({ data: { parcels: [{ freight: 6, freightCents: 600 }, { freight: 20, freightCents: 2000 }] } });
  });

  it('a required list field with arguments: the client’s own arguments (literal, variable, fragments) decide its copy', async () => {
    const expected = { data: { parcels: [{ hub: 'd-east', route: [{ id: 's1' }] }, { hub: 'd-port', route: [{ id: 's4' }] }] } };
    expect((await post(federation.gateways.hive, '{ parcels { hub route(first: 1) { id } } }')).body).toEqual(expected);
    expect((await post(federation.gateways.hive, 'query($n: Int = 1) { parcels { hub route(first: $n) { id } } }')).body).toEqual(expected);
    const fragments = 'query($n: Int!) { parcels { hub ...A ...B } } fragment A on Parcel { route(first: $n) { id } } fragment B on Parcel { route(first: $n) { id } }';
    expect((await post(federation.gateways.hive, fragments, { n: 1 })).body).toEqual(expected);
  });

  it('control: a @requires alone still gets its arguments', async () => {
    expect((await post(federation.gateways.hive, '{ parcels { id hub } }')).body).toEqual({ data: { parcels: [{ id: 'p1', hub: 'd-east' }, { id: 'p2', hub: 'd-port' }] } });
  });
});

describe('keys resolvable in one subgraph only (GATEWAY_QUERY_PLANNER=hive)', () => {
  let federation: ToyFederation;
  beforeAll(async () => void (federation = await startToyFederation(keysResolvableInOneSubgraph)));
  afterAll(() => federation?.stop());

  it('fetches the key each subgraph can resolve', async () => {
    const { body } = await post(federation.gateways.hive, '{ station { id lockers { id name sign } } }');
    expect(body).toEqual({ data: { station: { id: 'st1', lockers: [{ id: 'l1', name: 'Locker one', sign: '[Locker one]' }] } } });
    // The entity call to `stations` carried the key it declares resolvable.
    expect(federation.received.stations!.some((query) => query.includes('_entities'))).toBe(true);
  });
});

describe('a field only reachable through a non-resolvable @interfaceObject (GATEWAY_QUERY_PLANNER=hive)', () => {
  let federation: ToyFederation;
  beforeAll(async () => void (federation = await startToyFederation(unreachableInterfaceObjectField)));
  afterAll(() => federation?.stop());

  it('is refused with QUERY_PLANNING_FAILED rather than answered null', async () => {
    const { status, body } = await post(federation.gateways.hive, '{ latest { tag } }');
    // A request error (no data), like a validation failure: the client's, not the gateway's.
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_PLANNING_FAILED');
  });

  it('control: what can be reached is answered', async () => {
    expect((await post(federation.gateways.hive, '{ pinned { id tag } }')).body).toEqual({ data: { pinned: { id: 'n1', tag: 'pinned' } } });
  });
});
