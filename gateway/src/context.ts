import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Identity } from '@ordergraph/core';
import { authenticate } from './auth/authenticate.js';
import type { ForwardedIdentitySigner } from './auth/ForwardedIdentitySigner.js';
import type { TokenVerifier } from './auth/TokenVerifier.js';
import type { IncrementalSlot } from './incremental/IncrementalDeliveryGateway.js';
import type { SubscriptionSlot } from './subscriptions/types.js';

export interface GatewayContext {
  requestId: string;
  identity: Identity | null;
  /** The client's address (X-Forwarded-For honoured only from trusted proxies). */
  clientIp: string;
  /** Signed identity and client IP for subgraphs, created on the first subgraph fetch. */
  identityHeader(): Promise<string>;
  /** Set by the subscription transports only: where the executor leaves a planned subscription. */
  subscription?: SubscriptionSlot;
  /** Set by the multipart transport when the client accepts `@defer`: where the deferred parts are left. */
  incremental?: IncrementalSlot;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface ContextFactoryOptions {
  verifier: TokenVerifier;
  signer: ForwardedIdentitySigner;
  clientIp: (req: IncomingMessage) => string;
}

/** The context of one operation (an HTTP request, a WebSocket message, a subscription event). */
export function gatewayContext(signer: ForwardedIdentitySigner, identity: Identity | null, clientIp: string, requestId: string = randomUUID()): GatewayContext {
  let signed: Promise<string> | null = null;
  return {
    requestId,
    identity,
    clientIp,
    // Sent for anonymous callers too: subgraphs rate-limit them by the IP it carries.
    identityHeader: () => (signed ??= signer.sign({ identity, clientIp })),
  };
}

export function createContextFactory({ verifier, signer, clientIp }: ContextFactoryOptions) {
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const identity = await authenticate(req.headers.authorization, verifier);
    const incomingId = req.headers['x-request-id'];
    return gatewayContext(signer, identity, clientIp(req), typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : undefined);
  };
}
