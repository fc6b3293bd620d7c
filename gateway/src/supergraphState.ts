import type { TokenVerifier } from './auth/TokenVerifier.js';
import type { FederationGateway } from './federationGateway.js';
import { jwksUrlFor } from './jwks.js';
import { readSupergraphDirectives, type SupergraphDirectives } from './security/supergraphDirectives.js';
import { subgraphEndpoints, type SubgraphEndpoint } from './supergraph.js';

/** What the gateway reads from the supergraph it serves; null until the first load. */
export interface SupergraphState {
  /** Where each subgraph is (readiness, subscriptions), URL overrides applied. */
  endpoints: SubgraphEndpoint[] | null;
  /** The authorization directives of every field (gateway-side early checks). */
  directives: SupergraphDirectives | null;
}

export interface SupergraphStateOptions {
  /** `SUBGRAPH_URL_<NAME>` overrides. */
  subgraphUrls: Record<string, string>;
  /** `JWKS_URL`; when null the verifier follows the accounts subgraph wherever the supergraph puts it. */
  configuredJwksUrl: string | null;
  verifier: TokenVerifier;
}

/**
 * Recompute everything derived from the supergraph on its first load and on every hot reload,
 * from the SDL the gateway actually serves (file, registry or introspection): read once, never
 * re-read beside it.
 */
export function trackSupergraph(gateway: FederationGateway, { subgraphUrls, configuredJwksUrl, verifier }: SupergraphStateOptions): SupergraphState {
  const state: SupergraphState = { endpoints: null, directives: null };
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    state.endpoints = subgraphEndpoints(coreSupergraphSdl, subgraphUrls);
    state.directives = readSupergraphDirectives(coreSupergraphSdl);
    verifier.useJwksUrl(jwksUrlFor(configuredJwksUrl, state.endpoints));
  });
  return state;
}
