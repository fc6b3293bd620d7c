import type { Client } from 'graphql-ws';

export interface UpstreamEvent {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/**
 * One upstream subscription as an async iterator with a bounded buffer; ending the iterator
 * (return) completes the upstream subscription.
 */
export function upstreamIterator(
  client: Client,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  maxBuffer = 256,
): AsyncIterableIterator<UpstreamEvent> {
  const buffer: UpstreamEvent[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: unknown = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const unsubscribe = client.subscribe<Record<string, unknown>>(request, {
    next: (value) => {
      if (buffer.length >= maxBuffer) {
        failure = new Error(`Upstream subscription buffer over ${maxBuffer} events`);
        unsubscribe();
      } else buffer.push(value as UpstreamEvent);
      signal();
    },
    error: (error) => {
      failure = error;
      signal();
    },
    complete: () => {
      ended = true;
      signal();
    },
  });
  const iterator: AsyncIterableIterator<UpstreamEvent> = {
    async next() {
      for (;;) {
        if (buffer.length) return { value: buffer.shift()!, done: false };
        if (failure) throw toError(failure);
        if (ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return() {
      ended = true;
      unsubscribe();
      signal();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function toError(failure: unknown): Error {
  if (failure instanceof Error) return failure;
  if (Array.isArray(failure)) return new Error(failure.map((e: { message?: string }) => e.message).join('; '));
  const close = failure as { code?: number; reason?: string };
  if (typeof close?.code === 'number') return new Error(`Upstream closed the subscription (${close.code} ${close.reason ?? ''})`.trim());
  return new Error(String(failure));
}
