import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';
import { internOneByteNames } from '@ordergraph/core';

/**
 * Makes every name of each supergraph ApolloGateway loads a one-byte string in V8's table of
 * property names (`internOneByteNames`), before ApolloGateway turns the supergraph into schemas.
 *
 * ApolloGateway builds its graphql-js schemas from SDL it prints with non-Latin-1 characters
 * (directive descriptions), so every name sliced from that SDL is a two-byte string, and the
 * schemas' field maps make them property keys. Response objects then have two-byte keys,
 * `JSON.stringify` of a response gives a two-byte string, and encoding it for the socket took
 * 1–2 ms per 100 KB response on `bench:gateway` (~0.05 ms for the one-byte string of the same text).
 *
 * A supergraph manager or hook that parses the SDL itself before handing it over (ours,
 * `SupergraphSource`, validates it) must intern first too: the wrapper here only sees the SDL
 * once the hook returns.
 */
export function internSupergraphNames<T>(supergraphSdl: T): T {
  if (typeof supergraphSdl === 'string') {
    internOneByteNames(supergraphSdl);
    return supergraphSdl;
  }
  const wrapHook = (hook: SupergraphSdlHook): SupergraphSdlHook => async (options) => {
    const result = await hook({
      ...options,
      update: (sdl) => {
        internOneByteNames(sdl);
        options.update(sdl);
      },
    });
    internOneByteNames(result.supergraphSdl);
    return result;
  };
  if (typeof supergraphSdl === 'function') return wrapHook(supergraphSdl as unknown as SupergraphSdlHook) as T;
  if (supergraphSdl && typeof (supergraphSdl as unknown as SupergraphManager).initialize === 'function') {
    const manager = supergraphSdl as unknown as SupergraphManager;
    return { initialize: wrapHook((options) => manager.initialize(options)) } satisfies SupergraphManager as T;
  }
  return supergraphSdl;
}
