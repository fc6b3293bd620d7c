// Federation shapes that Apollo's query planner (2.14) plans wrongly: the four kinds of failure
// it has on The Guild's federation-gateway-audit (docs/federation-audit.md), in subgraphs of
// our own. Hive's planner (GATEWAY_QUERY_PLANNER=hive) plans each of them right.
import { LINK, type ToySubgraph } from './toyFederation.js';

// --- A @requires on a field with arguments, the client asking the same field with others.
const PARCELS = [
  { id: 'p1', weightKg: 2, tariff: 3, stops: ['s1', 's2', 's3'] },
  { id: 'p2', weightKg: 5, tariff: 4, stops: ['s4', 's5'] },
];
const STOPS: Record<string, { depot: string }> = { s1: { depot: 'd-north' }, s2: { depot: 'd-east' }, s3: { depot: 'd-south' }, s4: { depot: 'd-west' }, s5: { depot: 'd-port' } };
/** A tariff in cents or in whole units: the argument changes the answer. */
const price = (parcel: { tariff: number }, unit: string) => (unit === 'CENTS' ? parcel.tariff * 100 : parcel.tariff);

export const requiresWithArguments: ToySubgraph[] = [
  {
    name: 'parcels',
    typeDefs: `${LINK(['@key'])}
      type Query { parcels: [Parcel!]! }
      type Parcel @key(fields: "id") { id: ID! weightKg: Int! tariff(unit: String!): Int! }`,
    resolvers: {
      Query: { parcels: () => PARCELS },
      Parcel: { __resolveReference: (ref: { id: string }) => PARCELS.find((p) => p.id === ref.id), tariff: (p: { tariff: number }, args: { unit: string }) => price(p, args.unit) },
    },
  },
  {
    name: 'stops',
    typeDefs: `${LINK(['@key'])}
      type Stop @key(fields: "id") { id: ID! depot: String! }`,
    resolvers: { Stop: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, ...STOPS[ref.id] }) } },
  },
  {
    name: 'shipping',
    typeDefs: `${LINK(['@key', '@external', '@requires'])}
      type Parcel @key(fields: "id") {
        id: ID!
        weightKg: Int! @external
        tariff(unit: String!): Int! @external
        "tariff in whole units × weight"
        freight: Int! @requires(fields: "tariff(unit: \\"UNITS\\") weightKg")
        "tariff in cents × weight: the same external field with another argument"
        freightCents: Int! @requires(fields: "tariff(unit: \\"CENTS\\") weightKg")
        route(first: Int!): [Stop!]!
        "the depot of the second stop: needs two stops, whatever the client asks of route"
        hub: String @requires(fields: "route(first: 2) { depot }")
      }
      type Stop @key(fields: "id") { id: ID! depot: String! @external }`,
    resolvers: {
      Parcel: {
        __resolveReference: (ref: Record<string, unknown>) => ({ ...ref, stops: PARCELS.find((p) => p.id === ref.id)!.stops }),
        freight: (p: { tariff: number; weightKg: number }) => p.tariff * p.weightKg,
        freightCents: (p: { tariff: number; weightKg: number }) => p.tariff * p.weightKg,
        route: (p: { stops: string[] }, args: { first: number }) => p.stops.slice(0, args.first).map((id) => ({ id })),
        hub: (p: { route?: Array<{ depot: string }> }) => {
          if (p.route?.length !== 2) throw new Error(`hub needs exactly 2 stops of the route, received ${p.route?.length}`);
          return p.route[1]!.depot;
        },
      },
    },
  },
];

// --- Keys that are resolvable in one subgraph only: the planner must fetch the key the next subgraph can resolve.
const LOCKERS: Record<string, { id: string; slot: { row: string; col: string; bank: string }; name: string }> = {
  l1: { id: 'l1', slot: { row: 'r1', col: 'c1', bank: 'b1' }, name: 'Locker one' },
};

export const keysResolvableInOneSubgraph: ToySubgraph[] = [
  {
    name: 'lockers',
    typeDefs: `${LINK(['@key'])}
      type Locker @key(fields: "id") @key(fields: "slot { row col }", resolvable: false) @key(fields: "id slot { col bank }", resolvable: false) {
        id: ID! slot: Slot! name: String!
      }
      type Slot { row: ID! col: ID! bank: ID! }`,
    resolvers: { Locker: { __resolveReference: (ref: { id: string }) => LOCKERS[ref.id] ?? null } },
  },
  {
    name: 'stations',
    typeDefs: `${LINK(['@key', '@external', '@requires'])}
      type Query { station: Station }
      type Station { id: ID! lockers: [Locker!]! }
      type Locker @key(fields: "slot { row col }", resolvable: false) @key(fields: "id slot { col bank }") @key(fields: "id", resolvable: false) {
        id: ID! slot: Slot! name: String! @external
        sign: String! @requires(fields: "name")
      }
      type Slot { row: ID! col: ID! bank: ID! }`,
    resolvers: {
      Query: { station: () => ({ id: 'st1', lockers: [{ id: 'l1', slot: LOCKERS.l1!.slot }] }) },
      Locker: {
        // Resolvable only by "id slot { col bank }": without an id it cannot say which locker.
        __resolveReference: (ref: { id?: string; name?: string }) => (ref.id && LOCKERS[ref.id] ? { ...LOCKERS[ref.id], name: ref.name } : null),
        sign: (locker: { name?: string }) => {
          if (!locker.name) throw new Error('Locker.name was not provided');
          return `[${locker.name}]`;
        },
      },
    },
  },
];

// --- A field only reachable through an @interfaceObject no subgraph can resolve (the
// interface has no implementation anywhere, so composition accepts it).
export const unreachableInterfaceObjectField: ToySubgraph[] = [
  {
    name: 'feeds',
    typeDefs: `${LINK(['@key'])}
      interface Entry @key(fields: "id") { id: ID! }
      type Query { latest: Entry }`,
    resolvers: { Query: { latest: () => null }, Entry: { __resolveType: () => null } },
  },
  {
    name: 'tags',
    typeDefs: `${LINK(['@key', '@interfaceObject'])}
      type Entry @key(fields: "id", resolvable: false) @interfaceObject { id: ID! tag: String }
      type Query { pinned: Entry }`,
    resolvers: { Query: { pinned: () => ({ id: 'n1', tag: 'pinned' }) } },
  },
];
