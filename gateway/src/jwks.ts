import { JWKS_PATH } from '@ordergraph/core';
import type { SubgraphEndpoint } from './supergraph.js';

/**
 * The JWKS URL: `JWKS_URL` when set (any OIDC issuer); else our accounts subgraph's origin +
 * /.well-known/jwks.json, at the URL the current supergraph routes it to (SUBGRAPH_URL_ACCOUNTS
 * applied). Null when neither exists (then only HS256 tokens with JWT_SECRET are accepted).
 */
export function jwksUrlFor(configured: string | null, endpoints: readonly SubgraphEndpoint[] | null): string | null {
  if (configured) return configured;
  const accounts = endpoints?.find((e) => e.name === 'accounts')?.url;
  return accounts ? new URL(JWKS_PATH, accounts).toString() : null;
}
