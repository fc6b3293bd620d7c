import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { IDENTITY_HEADER } from '@ordergraph/core';

interface StockContext {
  identity?: string;
}

/**
 * Stock @apollo/gateway over our subgraphs: the benchmarks' baseline and the reference the
 * executor parity tests compare our gateway's responses with.
 *
 * The baseline: @apollo/gateway and @apollo/server exactly as their docs set them up
 * (startStandaloneServer, default data source and caches). The only addition is what any
 * deployment over our subgraphs needs to see data: forward the identity header that the
 * benchmark client sends (pre-signed), since the stock gateway has no auth of its own.
 * The same supergraph, with its subgraph URLs pointed at the benchmark's subgraphs.
 */
export async function startStockGateway(
  env: Record<string, string | undefined>,
  /** Another supergraph than ours (the federation-shape tests' toy ones). */
  supergraph = readFileSync(new URL('../../../gateway/supergraph.graphql', import.meta.url), 'utf8'),
) {
  let supergraphSdl = supergraph;
  supergraphSdl = supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (match, name: string) => {
    const url = env[`SUBGRAPH_URL_${name.toUpperCase()}`];
    return url ? `@join__graph(name: "${name}", url: "${url}")` : match;
  });
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<StockContext>({
        url,
        willSendRequest({ request, context }) {
          if (context.identity) request.http?.headers.set(IDENTITY_HEADER, context.identity);
        },
      }),
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      const header = req.headers[IDENTITY_HEADER];
      return { identity: typeof header === 'string' ? header : undefined };
    },
  });
  return { url: url.replace('//localhost:', '//127.0.0.1:') + (url.endsWith('/') ? '' : '/'), stop: () => server.stop() };
}
