import { HeaderMap } from '@apollo/server';
import { appError, ErrorCode, type Identity } from '@ordergraph/core';
import { TokenRejected, type TokenVerifier } from './TokenVerifier.js';

const BEARER = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)$/i;
/** Longer than any JWT we'd accept; longer tokens are refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;

const rejected = (message: string) =>
  appError(ErrorCode.UNAUTHENTICATED, message, {
    details: { http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer error="invalid_token"']]) } },
  });

/**
 * Resolve the caller from the `Authorization` header. No header means anonymous; a header
 * that is present but not a valid bearer token is an error, never a silent downgrade.
 * The reason a token failed stays in the server (it helps attackers more than clients).
 */
export async function authenticate(header: string | undefined, verifier: TokenVerifier): Promise<Identity | null> {
  if (header === undefined) return null;
  const match = header.length <= MAX_TOKEN_LENGTH + 10 ? BEARER.exec(header.trim()) : null;
  if (!match) throw rejected('The Authorization header must be "Bearer <access token>".');
  try {
    return await verifier.verify(match[1] as string);
  } catch (error) {
    if (error instanceof TokenRejected && error.reason === 'keys-unavailable') {
      throw appError(ErrorCode.SERVICE_UNAVAILABLE, 'Sign-in cannot be checked right now. Try again shortly.', {
        details: { http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) } },
      });
    }
    throw rejected('The access token is invalid or expired. Sign in again.');
  }
}
