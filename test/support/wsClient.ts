import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';

export interface Collected<T = any> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  /** Wait until `count` events arrived (or fail after `timeoutMs`). */
  until(count: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** A graphql-ws client over `ws` (Node 20 has no global WebSocket). */
export function wsClient(url: string, options: Partial<ClientOptions> = {}): Client {
  return createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, ...options });
}

/** Subscribe and collect what arrives. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const collected: Collected<T> = {
    events: [],
    errors: [],
    completed: false,
    async until(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (collected.events.length < count && collected.errors.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      if (collected.errors.length) throw new Error(`subscription failed: ${JSON.stringify(collected.errors)}`);
      if (collected.events.length < count) throw new Error(`only ${collected.events.length}/${count} events after ${timeoutMs} ms`);
      return collected.events;
    },
    stop: () => undefined,
  };
  collected.stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) collected.errors.push(value.errors);
        else collected.events.push(value.data as T);
      },
      error: (error) => collected.errors.push(error),
      complete: () => (collected.completed = true),
    },
  );
  return collected;
}
