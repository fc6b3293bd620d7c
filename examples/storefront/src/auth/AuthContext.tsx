import { useMutation } from '@apollo/client/react';
import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { SignOutDocument } from '../api/operations';
import type { SessionFieldsFragment } from '../gql/graphql';
import type { Customer, Session } from './session';

interface AuthValue {
  customer: Customer | null;
  /** Keep what signUp / signIn returned. */
  signedIn(payload: SessionFieldsFragment): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ session, children }: { session: Session; children: ReactNode }) {
  const customer = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.tokens?.customer.id ?? null,
  );
  const [signOutMutation] = useMutation(SignOutDocument);

  const signedIn = useCallback(
    (payload: SessionFieldsFragment) => session.set(payload),
    [session],
  );

  const signOut = useCallback(async () => {
    const refreshToken = session.tokens?.refreshToken;
    session.clear();
    // Ends the session server-side; the access token already issued simply expires.
    if (refreshToken) await signOutMutation({ variables: { refreshToken } }).catch(() => undefined);
  }, [session, signOutMutation]);

  return (
    <AuthContext.Provider value={{ customer: customer ? session.customer : null, signedIn, signOut }}>{children}</AuthContext.Provider>
  );
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
