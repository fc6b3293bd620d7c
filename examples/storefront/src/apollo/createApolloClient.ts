import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { ErrorLink } from '@apollo/client/link/error';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client } from 'graphql-ws';
import { Observable } from 'rxjs';
import { hasCode } from '../api/errors';
import type { Session } from '../auth/session';
import { LiveConnection } from './LiveConnection';

export interface ApolloSetup {
  client: ApolloClient;
  /** The WebSocket client, to reconnect when the signed-in customer changes. */
  ws: Client;
  /** The WebSocket's state, for pages that show whether they are live. */
  live: LiveConnection;
}

/**
 * Apollo Client for the OrderGraph gateway:
 *   queries and mutations → HTTP POST (JSON, bearer token; `@defer` parts as multipart/mixed);
 *   subscriptions         → graphql-ws on the same URL (token in connection_init).
 * A request refused with UNAUTHENTICATED gets one retry after a token refresh.
 */
export function createApolloClient({ httpUrl, wsUrl, session }: { httpUrl: string; wsUrl: string; session: Session }): ApolloSetup {
  const ws = createClient({
    url: wsUrl,
    lazy: true,
    // Evaluated on every (re)connect, so a reconnect carries a fresh token.
    connectionParams: async () => {
      const token = await session.accessToken().catch(() => null);
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: 20,
    shouldRetry: () => true,
    on: {
      closed: (event) => {
        // 4401: the token expired or was revoked while connected; refresh before reconnecting.
        if ((event as CloseEvent | undefined)?.code === 4401) void session.refresh().catch(() => undefined);
      },
    },
  });

  // The gateway closes a socket with 4401 when the token it connected with expires, and graphql-ws
  // treats 4401 as final: renew the token a minute before and reconnect (subscriptions resubscribe).
  let renewal: ReturnType<typeof setTimeout> | undefined;
  let connectedBefore = false;
  ws.on('connected', () => {
    clearTimeout(renewal);
    const expiresAt = session.tokens?.accessExpiresAt;
    if (expiresAt) {
      renewal = setTimeout(() => {
        void session
          .refresh()
          .then(() => ws.terminate())
          .catch(() => undefined);
      }, Math.max(0, expiresAt - Date.now() - 60_000));
    }
    // Events published while the socket was down are not replayed to it: re-read what is on screen.
    if (connectedBefore) void client.refetchQueries({ include: 'active' });
    connectedBefore = true;
  });
  ws.on('closed', () => clearTimeout(renewal));

  const auth = new SetContextLink(async (prevContext) => {
    const token = await session.accessToken().catch(() => null);
    return { headers: { ...prevContext.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
  });

  const retryUnauthenticated = new ErrorLink(({ error, operation, forward }) => {
    const sent = (operation.getContext().headers as Record<string, string> | undefined)?.authorization;
    const unauthenticated = hasCode(error, 'UNAUTHENTICATED');
    if (!unauthenticated || !sent || operation.getContext().retriedAfterRefresh) return;
    return new Observable((observer) => {
      session
        .refresh(sent.replace(/^Bearer /, ''))
        .then((token) => {
          if (!token) throw error;
          operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
            retriedAfterRefresh: true,
            headers: { ...headers, authorization: `Bearer ${token}` },
          }));
          return forward(operation).subscribe(observer);
        })
        .catch(() => observer.error(error));
    });
  });

  const http = new HttpLink({ uri: httpUrl });
  const transport = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    http,
  );

  const client = new ApolloClient({
    link: ApolloLink.from([retryUnauthenticated, auth, transport]),
    cache: new InMemoryCache(),
    // `@defer` over HTTP (multipart/mixed; deferSpec=20220824): the order page gets the order first, the payment after.
    incrementalHandler: new Defer20220824Handler(),
  });
  return { client, ws, live: new LiveConnection(ws) };
}
