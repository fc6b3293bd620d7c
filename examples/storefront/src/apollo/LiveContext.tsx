import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { LiveConnection, LiveState } from './LiveConnection';

const LiveContext = createContext<LiveConnection | null>(null);

export function LiveProvider({ connection, children }: { connection: LiveConnection; children: ReactNode }) {
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

export function useLiveConnection(): { state: LiveState; reason: string } {
  const connection = useContext(LiveContext);
  if (!connection) throw new Error('useLiveConnection must be used inside <LiveProvider>');
  const state = useSyncExternalStore(connection.subscribe, () => connection.state);
  return { state, reason: connection.reason };
}
