import { GraphQLError } from 'graphql';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signAccessToken } from '@ordergraph/core';
import { authenticate } from './authenticate.js';

const options = { secret: 'gateway-test-jwt-secret-0123456789abcdef', issuer: 'ordergraph-accounts', audience: 'ordergraph' };
const alice = { customerId: 'cust-alice', role: 'CUSTOMER' as const };

/** The GraphQL error `promise` rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  const error = await promise.then(
    () => {
      throw new Error('expected authenticate to reject');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  return error as GraphQLError;
}

describe('authenticate', () => {
  it('treats no Authorization header as anonymous', async () => {
    expect(await authenticate(undefined, options)).toBeNull();
    expect(await authenticate('', options)).toBeNull();
  });

  it('returns the caller of a valid bearer token, whatever the scheme’s case', async () => {
    const token = await signAccessToken(alice, { ...options, ttlSeconds: 60 });
    expect(await authenticate(`Bearer ${token}`, options)).toEqual(alice);
    expect(await authenticate(`bearer  ${token} `, options)).toEqual(alice);
  });

  it.each(['Basic x', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Token abc'])(
    'rejects "%s" with UNAUTHENTICATED and HTTP 401',
    async (header) => {
      const error = await rejection(authenticate(header, options));
      expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
      expect(error.message).toBe('The Authorization header must be "Bearer <access token>".');
    },
  );

  it('rejects an expired token with UNAUTHENTICATED and HTTP 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ role: 'CUSTOMER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(alice.customerId)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt(now - 1000)
      .setExpirationTime(now - 100)
      .sign(new TextEncoder().encode(options.secret));
    const error = await rejection(authenticate(`Bearer ${expired}`, options));
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    expect(error.message).toBe('The access token is invalid or expired. Sign in again.');
  });

  it('rejects a token signed with another secret, or that is not a JWT', async () => {
    const foreign = await signAccessToken(alice, { ...options, secret: 'someone-elses-secret-0123456789abcdef', ttlSeconds: 60 });
    for (const token of [foreign, 'not.a.jwt', 'abc']) {
      const error = await rejection(authenticate(`Bearer ${token}`, options));
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});
