import type { Client } from 'graphql-ws';

/**
 * idle: no socket yet (subscriptions open it lazily); connecting: first attempt in progress;
 * connected: subscriptions are live; down: the last attempt failed or the socket closed, and
 * the client is retrying. "down" holds through retries until a connection succeeds, so a page
 * falling back to polling does not flicker on every attempt.
 */
export type LiveState = 'idle' | 'connecting' | 'connected' | 'down';

/** The WebSocket's state, for pages to say whether they are live (and fall back visibly if not). */
export class LiveConnection {
  private current: LiveState = 'idle';
  private lastError = '';
  private listeners = new Set<() => void>();

  constructor(ws: Client) {
    ws.on('connecting', () => this.current !== 'down' && this.set('connecting'));
    ws.on('connected', () => this.set('connected'));
    ws.on('closed', (event) => {
      const close = event as { code?: number; reason?: string } | undefined;
      this.lastError = close?.code ? `closed with code ${close.code}${close.reason ? `: ${close.reason}` : ''}` : 'connection closed';
      this.set('down');
    });
    ws.on('error', () => {
      this.lastError = 'could not connect';
      this.set('down');
    });
  }

  get state(): LiveState {
    return this.current;
  }

  /** Why the socket is down, in a few words. */
  get reason(): string {
    return this.lastError;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(state: LiveState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.listeners) listener();
  }
}
