import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';
import { graphql } from './gatewayInternals.js';

/**
 * Makes every name of each supergraph ApolloGateway loads a one-byte string in V8's table of
 * property names, before ApolloGateway turns the supergraph into schemas.
 *
 * V8 keeps one copy of each property name, in whichever encoding it was first seen.
 * ApolloGateway builds its graphql-js schemas from SDL it prints with non-Latin-1 characters
 * (directive descriptions), so every name sliced from that SDL is a two-byte string, and the
 * schemas' field maps make them property keys. Response objects then have two-byte keys,
 * `JSON.stringify` of a response gives a two-byte string, and encoding it for the socket took
 * 2 ms per 100 KB response on `bench:gateway` (0.06 ms for the one-byte string of the same text).
 *
 * @param into holds the names (as its keys) as long as the gateway lives, so they stay interned.
 */
export function internSupergraphNames<T>(supergraphSdl: T, into: Record<string, true>): T {
  const intern = (sdl: string) => {
    graphql.visit(graphql.parse(sdl, { noLocation: true }), {
      // GraphQL names are ASCII; latin1 round trip gives a one-byte copy whatever the SDL's encoding.
      Name: (node) => void (into[Buffer.from(node.value, 'latin1').toString('latin1')] = true),
    });
  };
  if (typeof supergraphSdl === 'string') {
    intern(supergraphSdl);
    return supergraphSdl;
  }
  const wrapHook = (hook: SupergraphSdlHook): SupergraphSdlHook => async (options) => {
    const result = await hook({
      ...options,
      update: (sdl) => {
        intern(sdl);
        options.update(sdl);
      },
    });
    intern(result.supergraphSdl);
    return result;
  };
  if (typeof supergraphSdl === 'function') return wrapHook(supergraphSdl as unknown as SupergraphSdlHook) as T;
  if (supergraphSdl && typeof (supergraphSdl as unknown as SupergraphManager).initialize === 'function') {
    const manager = supergraphSdl as unknown as SupergraphManager;
    return { initialize: wrapHook((options) => manager.initialize(options)) } satisfies SupergraphManager as T;
  }
  return supergraphSdl;
}
