/**
 * Where the accounts subgraph publishes its token-signing public keys. The gateway derives its
 * JWKS URL from the accounts origin plus this path, so both sides read it from here.
 */
export const JWKS_PATH = '/.well-known/jwks.json';
