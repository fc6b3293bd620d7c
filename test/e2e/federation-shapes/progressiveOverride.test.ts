// Progressive @override (`@override(from: "legacy", label: "percent(30)")`, custom labels) through
// our gateway on both planners, in subgraphs of our own: each subgraph answers with its own name,
// so every response says which subgraph served each field. Stock @apollo/gateway switches no
// label on (every labelled field stays in `legacy`); we roll percent(N) per request and switch
// custom labels on from GATEWAY_OVERRIDE_LABELS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK, post, startToyFederation, type ToyFederation, type ToySubgraph } from './toyFederation.js';

const QUOTE = { id: 'q1' };
const served = (name: string) => () => name;
const subgraphs: ToySubgraph[] = [
  {
    name: 'legacy',
    typeDefs: `${LINK(['@key'])}
      type Query { quote: Quote }
      type Quote @key(fields: "id") { id: ID! price: String always: String never: String tier: String }`,
    resolvers: {
      Query: { quote: () => QUOTE },
      Quote: { __resolveReference: () => QUOTE, price: served('legacy'), always: served('legacy'), never: served('legacy'), tier: served('legacy') },
    },
  },
  {
    name: 'modern',
    typeDefs: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"])
      type Quote @key(fields: "id") {
        id: ID!
        price: String @override(from: "legacy", label: "percent(30)")
        always: String @override(from: "legacy", label: "percent(100)")
        never: String @override(from: "legacy", label: "percent(0)")
        tier: String @override(from: "legacy", label: "tier-v2")
      }`,
    resolvers: { Quote: { __resolveReference: () => QUOTE, price: served('modern'), always: served('modern'), never: served('modern'), tier: served('modern') } },
  },
];

type Quote = { price: string; always: string; never: string; tier: string };
const REQUESTS = 400;

/** `REQUESTS` answers of `query`, 20 at a time. */
async function answers(url: string, query: string): Promise<Quote[]> {
  const quotes: Quote[] = [];
  for (let i = 0; i < REQUESTS; i += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, () => post(url, query)));
    for (const { status, body } of batch) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      quotes.push((body.data as { quote: Quote }).quote);
    }
  }
  return quotes;
}

describe('progressive @override', () => {
  let federation: ToyFederation;
  let labelled: ToyFederation;
  beforeAll(async () => {
    [federation, labelled] = await Promise.all([startToyFederation(subgraphs), startToyFederation(subgraphs, { GATEWAY_OVERRIDE_LABELS: 'tier-v2' })]);
  });
  afterAll(async () => {
    await federation?.stop();
    await labelled?.stop();
  });

  for (const planner of ['hive', 'apollo'] as const) {
    it(`percent(30) serves both subgraphs over ${REQUESTS} requests; percent(0) and percent(100) are exact (${planner}'s planner)`, async () => {
      const quotes = await answers(federation.gateways[planner], '{ quote { price always never } }');
      const modern = quotes.filter((q) => q.price === 'modern').length;
      // 30 % of 400 is 120 (standard deviation 9.2): 60..180 is beyond 6 sigma either way.
      expect(modern).toBeGreaterThan(60);
      expect(modern).toBeLessThan(180);
      expect(quotes.filter((q) => q.price === 'legacy').length).toBe(REQUESTS - modern);
      expect(quotes.every((q) => q.always === 'modern')).toBe(true);
      expect(quotes.every((q) => q.never === 'legacy')).toBe(true);
    });

    it(`a custom label moves its field only when the operator switches it on (${planner}'s planner)`, async () => {
      const off = await post(federation.gateways[planner], '{ quote { tier } }');
      expect(off.body).toEqual({ data: { quote: { tier: 'legacy' } } });
      for (let i = 0; i < 5; i++) expect((await post(labelled.gateways[planner], '{ quote { tier always never } }')).body).toEqual({ data: { quote: { tier: 'modern', always: 'modern', never: 'legacy' } } });
    });
  }

  it('stock @apollo/gateway leaves every labelled field in its from subgraph (what we differ from)', async () => {
    const { body } = await post(federation.gateways.stock, '{ quote { price always never tier } }');
    expect(body).toEqual({ data: { quote: { price: 'legacy', always: 'legacy', never: 'legacy', tier: 'legacy' } } });
  });
});
