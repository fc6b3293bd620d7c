import { JWKS_PATH } from '@ordergraph/core';
import type { GatewayConfig } from './config.js';
import { subgraphEndpoints } from './supergraph.js';


/**
 * The JWKS URL: `JWKS_URL` when set (any OIDC issuer); else our accounts subgraph's origin
 * + /.well-known/jwks.json, with SUBGRAPH_URL_ACCOUNTS or the supergraph's URL for it.
 * Null when neither exists (then only HS256 tokens with JWT_SECRET are accepted).
 */
export function jwksUrlFor(config: GatewayConfig, supergraphSdl: string | null): string | null {
  if (config.jwt.jwksUrl) return config.jwt.jwksUrl;
  const accounts =
    config.subgraphUrls.accounts ??
    config.introspect?.find((s) => s.name === 'accounts')?.url ??
    (supergraphSdl ? subgraphEndpoints(supergraphSdl, config.subgraphUrls).find((e) => e.name === 'accounts')?.url : undefined);
  return accounts ? new URL(JWKS_PATH, accounts).toString() : null;
}
