// In-process A/B of a subgraph's per-execution CPU (subgraph-lean, docs/performance.md): the same
// requests over HTTP (keep-alive, 127.0.0.1) to two subgraph services that differ only in
// SUBGRAPH_EXECUTION (apollo | lean | jit), alternating in blocks in one process, CPU from
// process.cpuUsage (client included: it is the same for both). Resolvers answer from memory, so
// what is measured is the HTTP handler + execution pipeline, not a database. Usage:
//   tsx bench/subgraphExecutionCpu.ts            (apollo, lean, jit; SUBGRAPH_CPU_CALLS=400 per block, 6 blocks)
//   tsx bench/subgraphExecutionCpu.ts lean,jit   (the first mode is the reference of the ratios)
//   node --cpu-prof --import tsx bench/subgraphExecutionCpu.ts apollo   (one path only, to profile)
import { Agent, request } from 'node:http';
import { parse } from 'graphql';
import { IdentityCodec, loadTelemetryConfig, ServiceTokenCodec } from '@ordergraph/core';
import { createSubgraphTelemetry } from '@ordergraph/telemetry';
import { createSubgraphService, type SubgraphExecution } from '@ordergraph/subgraph';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { orders(first: Int!): [Order!]! }
  type Order @key(fields: "id") { id: ID!, status: String!, total: Int!, customer: Customer!, items: [Item!]! }
  type Item { id: ID!, productId: ID!, quantity: Int!, unitPrice: Int! }
  type Customer @key(fields: "id") { id: ID!, name: String!, email: String! }
`);
const order = (i: number) => ({
  id: `o${i}`, status: 'CONFIRMED', total: 1000 + i, customer: { id: `c${i % 5}` },
  items: [1, 2, 3].map((j) => ({ id: `o${i}-${j}`, productId: `p${j}`, quantity: j, unitPrice: 100 * j })),
});
const resolvers = {
  Query: { orders: (_: unknown, { first }: { first: number }) => Array.from({ length: first }, (_x, i) => order(i)) },
  Customer: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `Customer ${ref.id}`, email: `${ref.id}@example.com` }) },
  Order: { __resolveReference: (ref: { id: string }) => order(Number(ref.id.slice(1))) },
};

function build(execution: SubgraphExecution) {
  const telemetry = createSubgraphTelemetry('cpu', loadTelemetryConfig({ LOG_LEVEL: 'info', METRICS_PORT: 'api' }, 'production'), () => null, {
    logDestination: { write: () => true } as never,
  });
  return createSubgraphService({
    name: `cpu-${execution}`, typeDefs, resolvers: resolvers as never,
    identityCodec: new IdentityCodec('i'.repeat(32)), serviceTokens: new ServiceTokenCodec('s'.repeat(32), 'cpu'),
    createContext: () => ({}), exposeErrorDetails: false, security: { introspection: false, rateLimits: false }, telemetry, execution,
  });
}

const REQUESTS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'entities (10 customers)': {
    query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id name email } } }',
    variables: { representations: Array.from({ length: 10 }, (_x, i) => ({ __typename: 'Customer', id: `c${i}` })) },
  },
  'list (10 orders, 3 items each)': { query: '{ orders(first: 10) { id status total customer { id } items { id productId quantity unitPrice } } }' },
};

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => (res.statusCode === 200 && !text.includes('"errors"') ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// One mode to profile, or a comma-separated list to compare (the first is the reference).
const modes = (process.argv[2] ?? 'apollo,lean,jit').split(',') as SubgraphExecution[];
const services = Object.fromEntries(modes.map((m) => [m, build(m)]));
let port = Number(process.env.SUBGRAPH_CPU_PORT ?? 44010);
for (const service of Object.values(services)) await service.start(port++, '127.0.0.1');

const CALLS = Number(process.env.SUBGRAPH_CPU_CALLS ?? 400);
const BLOCKS = Number(process.env.SUBGRAPH_CPU_BLOCKS ?? 6);
const cpu: Record<string, number[]> = {};
for (let block = 0; block < BLOCKS; block++) {
  for (const [name, body] of Object.entries(REQUESTS)) {
    const text = JSON.stringify(body);
    for (const mode of modes) {
      const url = services[mode]!.url;
      for (let i = 0; i < 30; i++) await post(url, text); // warm
      const before = process.cpuUsage();
      for (let i = 0; i < CALLS; i++) await post(url, text);
      const used = process.cpuUsage(before);
      (cpu[`${name} | ${mode}`] ??= []).push((used.user + used.system) / 1000 / CALLS);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const name of Object.keys(REQUESTS)) {
  for (const mode of modes) {
    const samples = cpu[`${name} | ${mode}`]!;
    console.log(`${name} | ${mode}: median ${median(samples).toFixed(3)} ms CPU/request (blocks: ${samples.map((s) => s.toFixed(3)).join(', ')})`);
  }
  for (const mode of modes.slice(1)) {
    const ratios = cpu[`${name} | ${modes[0]}`]!.map((a, i) => a / cpu[`${name} | ${mode}`]![i]!);
    console.log(`${name}: ${modes[0]}/${mode} per block ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}`);
  }
}
agent.destroy();
for (const service of Object.values(services)) await service.stop();
process.exit(0);
