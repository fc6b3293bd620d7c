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
// A socket authenticates once, at connection_init: after sign-in or sign-out, reconnect (active
// subscriptions resubscribe) so the socket carries the new identity.
const reconnect = () => ws.terminate();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <LiveProvider connection={live}>
        <AuthProvider session={session} onIdentityChange={reconnect}>
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
