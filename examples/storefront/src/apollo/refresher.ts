import { print } from 'graphql';
import { RefreshTokenDocument } from '../api/operations';
import type { RefreshTokenMutation } from '../gql/graphql';
import { RefreshRefusedError, type Refresher } from '../auth/session';

/**
 * The refresh call goes straight to the gateway with fetch, not through Apollo Client: the
 * client's auth link waits for a fresh token, and a refresh must not wait for itself.
 */
export function createRefresher(gatewayUrl: string): Refresher {
  return async (refreshToken) => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      // application/json makes this a "non-simple" request, which Apollo's CSRF prevention wants.
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(RefreshTokenDocument), variables: { refreshToken } }),
    });
    const body = (await response.json()) as { data?: RefreshTokenMutation | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (body.data?.refreshToken) return body.data.refreshToken;
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'UNAUTHENTICATED') throw new RefreshRefusedError(error.message);
    throw new Error(error?.message ?? `Refreshing the session failed (HTTP ${response.status}).`);
  };
}
