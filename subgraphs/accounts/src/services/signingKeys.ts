import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { ConfigError } from '@ordergraph/core';
import type { TokenConfig } from '../config.js';

export type SigningAlgorithm = 'ES256' | 'EdDSA';

/** The keys access tokens are signed with: one active key, all of them published. */
export interface SigningKeySet {
  /** Signs new tokens. */
  active: { kid: string; alg: SigningAlgorithm; key: CryptoKey };
  /** Served at /.well-known/jwks.json: the active key and every older key still trusted. */
  jwks: { keys: JWK[] };
}

function algorithmOf(jwk: JWK): SigningAlgorithm | null {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return null;
}

/** A new private signing key as a JWK with `kid` (its RFC 7638 thumbprint) and `alg`. */
export async function generateSigningJwk(alg: SigningAlgorithm = 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
}

/**
 * Validate a list of JWKs (first = active, must be private; later ones may be public
 * only: they are published so tokens they signed stay valid until they expire).
 * Error messages name the source and index but never echo key material.
 */
export async function buildKeySet(jwks: unknown, source: string): Promise<SigningKeySet> {
  const fail = (message: string) => new ConfigError(`Invalid configuration:\n  ${source}: ${message}`);
  if (!Array.isArray(jwks) || jwks.length === 0) throw fail('expected a non-empty JSON array of JWKs, the first being the active private key');
  const seen = new Set<string>();
  const published: JWK[] = [];
  for (const [index, raw] of jwks.entries()) {
    const jwk = raw as JWK;
    const alg = typeof jwk === 'object' && jwk !== null ? algorithmOf(jwk) : null;
    if (!alg) throw fail(`key ${index}: expected an EC P-256 (ES256) or OKP Ed25519 (EdDSA) JWK`);
    if (jwk.alg !== undefined && jwk.alg !== alg) throw fail(`key ${index}: "alg" is ${jwk.alg} but the key is for ${alg}`);
    if (typeof jwk.kid !== 'string' || jwk.kid === '') throw fail(`key ${index}: "kid" is required`);
    if (seen.has(jwk.kid)) throw fail(`key ${index}: duplicate kid "${jwk.kid}"`);
    if (index === 0 && typeof jwk.d !== 'string') throw fail('key 0 signs tokens, so it must be a private key (with "d")');
    seen.add(jwk.kid);
    published.push({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.y ? { y: jwk.y } : {}), kid: jwk.kid, alg, use: 'sig' });
  }
  const first = jwks[0] as JWK;
  const alg = algorithmOf(first) as SigningAlgorithm;
  let key: CryptoKey;
  try {
    key = (await importJWK({ ...first, alg }, alg)) as CryptoKey;
  } catch {
    throw fail('key 0 could not be imported; check that it is a complete private JWK');
  }
  return { active: { kid: first.kid as string, alg, key }, jwks: { keys: published } };
}

/** Keys for development: kept in a file (0600) so restarts don't sign everybody out. */
async function fileKeys(file: string): Promise<SigningKeySet> {
  let raw: string | null = null;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (raw !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError(`Invalid configuration:\n  ${file}: not valid JSON; delete it to generate a new development key`);
    }
    return buildKeySet(parsed, file);
  }
  const keys = [await generateSigningJwk()];
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    // Another process created it first: use theirs, so both sign with the same key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return fileKeys(file);
}

export async function loadSigningKeys(config: TokenConfig['keys']): Promise<SigningKeySet> {
  switch (config.kind) {
    case 'env': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(config.json);
      } catch {
        throw new ConfigError('Invalid configuration:\n  JWT_SIGNING_KEYS: expected a JSON array of JWKs (value not shown)');
      }
      return buildKeySet(parsed, 'JWT_SIGNING_KEYS');
    }
    case 'file':
      return fileKeys(config.path);
    case 'memory':
      return buildKeySet([await generateSigningJwk()], 'in-memory signing key');
  }
}
