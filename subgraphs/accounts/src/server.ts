import type { ServerResponse } from 'node:http';
import { ConfigError } from '@ordergraph/core';
import { openSubgraphDatabase, prismaClientOptions } from '@ordergraph/db';
import { migrationsDir } from '@ordergraph/prisma';
import { createPrismaSubgraph, loadTypeDefs } from '@ordergraph/subgraph';
import { JWKS_PATH } from '@ordergraph/core';
import type { AccountsConfig } from './config.js';
import { createContextFactory } from './context.js';
import { PrismaClient, type Role } from './generated/prisma/client.js';
import { resolvers } from './resolvers/index.js';
import { seedAccounts } from './seed.js';
import { AccessTokenIssuer } from './services/accessTokens.js';
import { AuthService } from './services/auth.js';
import { demoAccountsWithPublishedPasswords } from './services/demoAccounts.js';
import { RefreshTokens } from './services/refreshTokens.js';
import { setCustomerRole } from './services/roles.js';
import { loadSigningKeys, type SigningKeySet } from './services/signingKeys.js';

export const MIGRATIONS_DIR = migrationsDir('accounts');

/** The public keys as a JWKS document; verifiers may cache it for five minutes. */
function serveJwks(keys: SigningKeySet) {
  const body = JSON.stringify(keys.jwks);
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' });
    res.end(body);
  };
}

/** Production never runs with the README's demo logins (unless ALLOW_DEMO_ACCOUNTS=true: a demo deployment). */
async function refuseDemoAccounts(service: { database: { prisma: PrismaClient }; stop(): Promise<void> }) {
  const exposed = await demoAccountsWithPublishedPasswords(service.database.prisma);
  if (exposed.length === 0) return;
  await service.stop();
  throw new ConfigError(
    `accounts: demo accounts with their published passwords exist (${exposed.join(', ')}); production refuses to start. ` +
      'Create your own admin (`pnpm admin:create`), then delete these accounts or change their passwords, ' +
      'or set ALLOW_DEMO_ACCOUNTS=true for a demo deployment.',
  );
}

/** Build the accounts subgraph (identity: customers, tokens, sessions) without binding a port. */
export async function createAccountsService(config: AccountsConfig, options: { seed?: boolean } = {}) {
  const keys = await loadSigningKeys(config.jwt.keys);
  const accessTokens = new AccessTokenIssuer(keys, {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTokenTtlSeconds,
  });
  const refuseDemo = config.nodeEnv === 'production' && !config.allowDemoAccounts;
  const service = await createPrismaSubgraph({
    name: 'accounts',
    config,
    typeDefs: loadTypeDefs(import.meta.url, '../schema.graphql'),
    resolvers,
    migrationsDir: MIGRATIONS_DIR,
    createClient: (adapter) => new PrismaClient(prismaClientOptions(adapter)),
    setup: ({ prisma, reads }) => {
      const refreshTokens = new RefreshTokens(prisma, config.jwt.refreshTokenTtlSeconds);
      const auth = new AuthService(prisma, accessTokens, refreshTokens, config.jwt.refreshTokenTtlSeconds, { refuseDemoCredentials: refuseDemo });
      const roles = { set: (customerId: string, role: Role) => setCustomerRole(prisma, refreshTokens, customerId, role) };
      return { context: createContextFactory(prisma, reads, auth, roles, config.dataLoader) };
    },
    seed: seedAccounts,
    runSeed: options.seed,
    routes: { [JWKS_PATH]: serveJwks(keys) },
  });
  if (refuseDemo) await refuseDemoAccounts(service);
  return Object.assign(service, { signingKeys: keys });
}

export { loadAccountsConfig, type AccountsConfig } from './config.js';
export { seedAccounts } from './seed.js';
export { createOrPromoteAdmin } from './services/roles.js';
export { buildKeySet, generateSigningJwk, type SigningKeySet } from './services/signingKeys.js';

/** The accounts database alone (migrated), for operator commands such as `pnpm admin:create`. */
export const openAccountsDatabase = (target: AccountsConfig['database']) =>
  openSubgraphDatabase({ target, migrationsDir: MIGRATIONS_DIR, createClient: (adapter) => new PrismaClient(prismaClientOptions(adapter)) });
