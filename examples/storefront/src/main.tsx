import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApolloClient } from './apollo/createApolloClient';
import { LiveProvider } from './apollo/LiveContext';
import { createRefresher } from './apollo/refresher';
import { App } from './App';
import { AuthProvider } from './auth/AuthContext';
import { Session } from './auth/session';
import { CartProvider } from './cart/CartContext';
import { loadConfig } from './config';
import './styles.css';

const config = loadConfig();
const session = new Session(createRefresher(config.gatewayUrl));
const { client, ws, live } = createApolloClient({ httpUrl: config.gatewayUrl, wsUrl: config.wsUrl, session });
// When the signed-in customer changes (sign-in, sign-out, a refused refresh, another tab): drop the
// cache, which holds the previous customer's orders, and reconnect the socket, which authenticated
// once at connection_init (active subscriptions resubscribe with the new identity).
let identity = session.customer?.id ?? null;
session.subscribe(() => {
  const next = session.customer?.id ?? null;
  if (next === identity) return;
  identity = next;
  void client.clearStore();
  ws.terminate();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <LiveProvider connection={live}>
        <AuthProvider session={session}>
          <CartProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </CartProvider>
        </AuthProvider>
      </LiveProvider>
    </ApolloProvider>
  </StrictMode>,
);
