import { createGraphiQLFetcher, type Fetcher, type FetcherOpts, type FetcherParams } from '@graphiql/toolkit';
import { getOperationAST, parse, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';

/**
 * Queries and mutations over HTTP with the Headers editor's headers; subscriptions over
 * graphql-ws on the same URL, with the editor's Authorization header as the `authorization`
 * connection_init parameter (browsers cannot set WebSocket handshake headers, and the gateway
 * checks the token once per connection). A changed header gets a new connection.
 */
export function createFetcher(endpoint: URL): Fetcher {
  const http = createGraphiQLFetcher({ url: endpoint.href });
  const wsUrl = endpoint.href.replace(/^http/, 'ws');
  let socket: { authorization: string | undefined; client: Client } | null = null;

  const clientFor = (authorization: string | undefined): Client => {
    if (!socket || socket.authorization !== authorization) {
      void socket?.client.dispose();
      const connectionParams = authorization ? { authorization } : {};
      socket = { authorization, client: createClient({ url: wsUrl, connectionParams, lazy: true, retryAttempts: 0 }) };
    }
    return socket.client;
  };

  return (params: FetcherParams, opts?: FetcherOpts) => {
    if (!isSubscription(params, opts)) return http(params, opts);
    const client = clientFor(headerValue(opts?.headers, 'authorization'));
    return client.iterate({ query: params.query, variables: params.variables ?? {}, operationName: params.operationName ?? undefined }) as AsyncIterableIterator<ExecutionResult>;
  };
}

function isSubscription(params: FetcherParams, opts?: FetcherOpts): boolean {
  try {
    // The query text, not opts.documentAST: GraphiQL updates that AST after a debounce, so a
    // subscription typed and run at once would still be classified by the previous query.
    const document = parse(params.query);
    return getOperationAST(document, params.operationName ?? undefined)?.operation === 'subscription';
  } catch {
    return false; // the server reports the syntax error
  }
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}
