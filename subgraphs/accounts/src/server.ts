import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createPrismaSubgraph, loadTypeDefs } from '@ordergraph/server';
import { JWKS_PATH } from '@ordergraph/core';
import type { AccountsConfig } from './config.js';
import { createContextFactory } from './context.js';
import { PrismaClient } from './generated/prisma/client.js';
import { resolvers } from './resolvers/index.js';
import { seedAccounts } from './seed.js';
import { AccessTokenIssuer } from './services/accessTokens.js';
import { AuthService } from './services/auth.js';
import { RefreshTokens } from './services/refreshTokens.js';
import { loadSigningKeys, type SigningKeySet } from './services/signingKeys.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/accounts/migrations', import.meta.url));

/** The public keys as a JWKS document; verifiers may cache it for five minutes. */
function serveJwks(keys: SigningKeySet) {
  const body = JSON.stringify(keys.jwks);
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' });
    res.end(body);
  };
}

/** Build the accounts subgraph (identity: customers, tokens, sessions) without binding a port. */
export async function createAccountsService(config: AccountsConfig, options: { seed?: boolean } = {}) {
  const keys = await loadSigningKeys(config.jwt.keys);
  const accessTokens = new AccessTokenIssuer(keys, {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTokenTtlSeconds,
  });
  const service = await createPrismaSubgraph({
    name: 'accounts',
    config,
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }),
    setup: ({ prisma }) => ({
      context: createContextFactory(
        prisma,
        new AuthService(prisma, accessTokens, new RefreshTokens(prisma, config.jwt.refreshTokenTtlSeconds), config.jwt.refreshTokenTtlSeconds),
        config.dataLoader,
      ),
    }),
    seed: seedAccounts,
    runSeed: options.seed,
    routes: { [JWKS_PATH]: serveJwks(keys) },
  });
  return Object.assign(service, { signingKeys: keys });
}

export { loadAccountsConfig, type AccountsConfig } from './config.js';
export { seedAccounts } from './seed.js';
export { buildKeySet, generateSigningJwk, type SigningKeySet } from './services/signingKeys.js';
