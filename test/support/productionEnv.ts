import { randomBytes } from 'node:crypto';
import { generateSigningJwk } from '@ordergraph/accounts';

/** The environment of a stack started as deployed: NODE_ENV=production with fresh real secrets. */
export async function productionEnv(overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    IDENTITY_SECRET: randomBytes(48).toString('base64url'),
    SERVICE_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    JWT_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('ES256')]),
    ...overrides,
  };
}
