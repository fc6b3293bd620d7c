// Benchmark child process: the STOCK baseline, plain JavaScript run by plain `node` (no tsx,
// so no TypeScript loader thread or source-map stack traces that a compiled deployment would
// not have): @apollo/gateway + @apollo/server startStandaloneServer, out of the box. The only
// addition is forwarding the identity header the benchmark client sends pre-signed, which any
// deployment over our subgraphs needs to see data. Env: SUBGRAPH_URL_<NAME>, SUPERGRAPH_PATH
// (default: the project's supergraph).
// Mirrors test/harness/src/stockGateway.ts (used by the parity tests).
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { serveRunnerRequests } from './childIpc.mjs';

const IDENTITY_HEADER = 'x-ordergraph-identity';

try {
  const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH ?? new URL('../../gateway/supergraph.graphql', import.meta.url), 'utf8').replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (match, name) => (process.env[`SUBGRAPH_URL_${name.toUpperCase()}`] ? `@join__graph(name: "${name}", url: "${process.env[`SUBGRAPH_URL_${name.toUpperCase()}`]}")` : match),
  );
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request, context }) {
          if (context.identity) request.http?.headers.set(IDENTITY_HEADER, context.identity);
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ identity: typeof req.headers[IDENTITY_HEADER] === 'string' ? req.headers[IDENTITY_HEADER] : undefined }),
  });
  serveRunnerRequests(() => server.stop());
  process.send?.({ type: 'ready', urls: { gateway: url.replace('//localhost:', '//127.0.0.1:') } });
} catch (error) {
  process.send?.({ type: 'failed', error: String(error?.stack ?? error) });
  process.exit(1);
}
