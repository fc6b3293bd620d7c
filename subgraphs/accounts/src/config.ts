import path from 'node:path';
import { z } from 'zod';
import { ConfigError, loadDataLoaderConfig, loadSubgraphCommonConfig, parseEnv, type DataLoaderConfig, type SubgraphCommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface TokenConfig {
  issuer: string;
  audience: string;
  /** @default 900 (15 min) */
  accessTokenTtlSeconds: number;
  /** @default 604800 (7 days) */
  refreshTokenTtlSeconds: number;
  /**
   * Where the signing keys come from: `JWT_SIGNING_KEYS` (a JSON array of JWKs, the first
   * signs), else a development key file under DATA_DIR, else (DATA_DIR=:memory:) keys that
   * live as long as the process. Production requires `JWT_SIGNING_KEYS`.
   */
  keys: { kind: 'env'; json: string } | { kind: 'file'; path: string } | { kind: 'memory' };
}

export interface AccountsConfig extends SubgraphCommonConfig {
  database: DatabaseTarget;
  dataLoader: DataLoaderConfig;
  jwt: TokenConfig;
}

export function loadAccountsConfig(env: Record<string, string | undefined>): AccountsConfig {
  const common = loadSubgraphCommonConfig(env, 4001);
  const parsed = parseEnv(
    {
      JWT_ISSUER: z.string().default('ordergraph-accounts'),
      JWT_AUDIENCE: z.string().default('ordergraph'),
      ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
      REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(90 * 86_400).default(7 * 86_400),
      JWT_SIGNING_KEYS: z.string().optional(),
      DATA_DIR: z.string().default('.data'),
    },
    env,
  );
  if (!parsed.JWT_SIGNING_KEYS && common.nodeEnv === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SIGNING_KEYS: required in production (not set); generate a key with `pnpm keys:generate`',
    );
  }
  return {
    ...common,
    database: resolveDatabaseTarget('accounts', env),
    dataLoader: loadDataLoaderConfig(env),
    jwt: {
      issuer: parsed.JWT_ISSUER,
      audience: parsed.JWT_AUDIENCE,
      accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: parsed.REFRESH_TOKEN_TTL_SECONDS,
      keys: parsed.JWT_SIGNING_KEYS
        ? { kind: 'env', json: parsed.JWT_SIGNING_KEYS }
        : parsed.DATA_DIR === ':memory:'
          ? { kind: 'memory' }
          : { kind: 'file', path: path.resolve(parsed.DATA_DIR, 'keys', 'accounts-signing-keys.json') },
    },
  };
}
