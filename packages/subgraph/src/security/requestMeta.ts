import type { Identity } from '@ordergraph/core';

/** What a subgraph knows about the request behind a resolver call, whatever its context type. */
export interface RequestMeta {
  identity: Identity | null;
  /** The client's address: as the gateway vouched for it, else the socket's (trusted proxies honoured). */
  clientIp: string;
  /** The request carried a valid gateway signature (forwarded identity) or service token. @default false */
  fromGateway?: boolean;
}

// A symbol-keyed own property rather than a WeakMap: Apollo Server shallow-clones the context
// object per operation, and Object.assign copies symbol-keyed properties along.
const META = Symbol.for('ordergraph.requestMeta');

export function attachRequestMeta<T extends object>(context: T, meta: RequestMeta): T {
  Object.defineProperty(context, META, { value: meta, enumerable: true });
  return context;
}

export function requestMeta(context: unknown): RequestMeta {
  const meta = (context as { [META]?: RequestMeta } | null)?.[META];
  // Fail closed: a context built outside createSubgraphService has no identity.
  return meta ?? { identity: null, clientIp: 'unknown' };
}
