import { z } from 'zod';
import { loadSubgraphCommonConfig, parseEnv, secret, type SubgraphCommonConfig } from '@ordergraph/core';
import { resolveDatabaseTarget, type DatabaseTarget } from '@ordergraph/db';

export interface AccountsConfig extends SubgraphCommonConfig {
  database: DatabaseTarget;
  jwt: { secret: string; issuer: string; audience: string; accessTokenTtlSeconds: number };
}

export function loadAccountsConfig(env: Record<string, string | undefined>): AccountsConfig {
  const parsed = parseEnv(
    {
      JWT_ISSUER: z.string().default('ordergraph-accounts'),
      JWT_AUDIENCE: z.string().default('ordergraph'),
      ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    },
    env,
  );
  return {
    ...loadSubgraphCommonConfig(env, 4001),
    database: resolveDatabaseTarget('accounts', env),
    jwt: {
      secret: secret('JWT_SECRET', env),
      issuer: parsed.JWT_ISSUER,
      audience: parsed.JWT_AUDIENCE,
      accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
    },
  };
}
