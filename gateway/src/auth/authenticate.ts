import { appError, ErrorCode, verifyAccessToken, type AccessTokenOptions, type Identity } from '@ordergraph/core';
import type { VerifiedTokenCache } from './VerifiedTokenCache.js';

/**
 * Resolve the caller from the `Authorization` header. No header means anonymous; a header
 * that is present but not a valid bearer token is an error, never a silent downgrade.
 */
const rejected = (message: string) => appError(ErrorCode.UNAUTHENTICATED, message, { httpStatus: 401 });

export async function authenticate(
  header: string | undefined,
  options: AccessTokenOptions,
  cache?: VerifiedTokenCache,
): Promise<Identity | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw rejected('The Authorization header must be "Bearer <access token>".');
  try {
    const token = match[1] as string;
    const verify = (t: string) => verifyAccessToken(t, options);
    return await (cache ? cache.verify(token, verify) : verify(token));
  } catch {
    throw rejected('The access token is invalid or expired. Sign in again.');
  }
}
