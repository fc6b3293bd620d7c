// Small federations of our own (subgraphs, data and supergraph written here, composed with
// @apollo/composition) to put one federation shape at a time through our gateway and through
// stock @apollo/gateway.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createGateway, loadGatewayConfig } from '@ordergraph/gateway';
import { startStockGateway } from '@ordergraph/testing';

/** The Federation 2.5 `@link` of a toy subgraph's schema, importing `imports`. */
export const LINK = (imports: string[]) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;

export interface ToySubgraph {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap;
}

export interface Gateways {
  /** Our executor on Apollo's query planner (the default). */
  apollo: string;
  /** Our executor on Hive's query planner (GATEWAY_QUERY_PLANNER=hive). */
  hive: string;
  /** Stock @apollo/gateway execution. */
  stock: string;
}

export interface ToyFederation {
  gateways: Gateways;
  /** Operations each subgraph served (operation text), to check what reached it. */
  received: Record<string, string[]>;
  stop(): Promise<void>;
}

/**
 * Serve `subgraphs` on free ports, compose them, and start the three gateways over the supergraph.
 * @param env more gateway settings for our two gateways (e.g. GATEWAY_OVERRIDE_LABELS)
 */
export async function startToyFederation(subgraphs: ToySubgraph[], env: Record<string, string> = {}): Promise<ToyFederation> {
  const stops: Array<() => Promise<unknown>> = [];
  const received: Record<string, string[]> = {};
  const dir = await mkdtemp(path.join(tmpdir(), 'og-shapes-'));
  stops.push(() => rm(dir, { recursive: true, force: true }));
  try {
    const served = await Promise.all(
      subgraphs.map(async ({ name, typeDefs, resolvers }) => {
        const log: string[] = (received[name] = []);
        const server = new ApolloServer({
          schema: buildSubgraphSchema([{ typeDefs: parse(typeDefs), resolvers }]),
          plugins: [ApolloServerPluginInlineTraceDisabled(), { requestDidStart: async ({ request }) => void log.push(request.query ?? '') }],
        });
        const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
        stops.push(() => server.stop());
        return { name, url: new URL('/graphql', url).toString(), typeDefs: parse(typeDefs) };
      }),
    );
    const composed = composeServices(served);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const file = path.join(dir, 'supergraph.graphql');
    await writeFile(file, composed.supergraphSdl);
    const ours = async (planner: 'apollo' | 'hive') => {
      const config = loadGatewayConfig({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', SUPERGRAPH_PATH: file, ...env, GATEWAY_QUERY_PLANNER: planner });
      const gateway = createGateway(config);
      stops.push(() => gateway.stop());
      return gateway.start(config.port, config.host);
    };
    const stock = await startStockGateway({}, composed.supergraphSdl);
    stops.push(() => stock.stop());
    const gateways = { apollo: await ours('apollo'), hive: await ours('hive'), stock: stock.url };
    return { gateways, received, stop: () => stopAll(stops) };
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
}

async function stopAll(stops: Array<() => Promise<unknown>>): Promise<void> {
  for (const stop of stops.reverse()) await stop();
}

export interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
}

/** POST `query`; stack traces (development mode) are dropped: they differ by construction between gateways. */
export async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: JSON.parse(await response.text(), (key, value) => (key === 'stacktrace' ? undefined : value)) as Answer['body'] };
}
