import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Identity } from '@ordergraph/core';
import { authenticate } from './auth/authenticate.js';
import type { SignedIdentityCache } from './auth/SignedIdentityCache.js';
import { VerifiedTokenCache } from './auth/VerifiedTokenCache.js';
import type { GatewayConfig } from './config.js';

export interface GatewayContext {
  requestId: string;
  identity: Identity | null;
  /** Signed identity for subgraphs, created on the first subgraph fetch and reused for the rest. */
  identityHeader(): Promise<string | null>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function createContextFactory(config: GatewayConfig, signer: Pick<SignedIdentityCache, 'sign'>) {
  const verified = new VerifiedTokenCache();
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const identity = await authenticate(req.headers.authorization, config.jwt, verified);
    const incomingId = req.headers['x-request-id'];
    let signed: Promise<string> | null = null;
    return {
      requestId: typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID(),
      identity,
      identityHeader: () => (identity ? (signed ??= signer.sign(identity)) : Promise.resolve(null)),
    };
  };
}
