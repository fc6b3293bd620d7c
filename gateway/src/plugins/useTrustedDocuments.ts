import type { ApolloServerPlugin } from '@apollo/server';
import { appError, ErrorCode } from '@ordergraph/core';
import type { GatewayContext } from '../context.js';
import type { TrustedDocuments } from '../security/trustedDocuments.js';

export interface UseTrustedDocumentsOptions {
  documents: TrustedDocuments;
}

/**
 * Trusted-documents mode: only operations from the registered manifest run, whether the
 * client sends the hash (persisted query) or the full text. Anything else is refused with
 * PERSISTED_QUERY_NOT_IN_LIST before any subgraph is called.
 */
export function useTrustedDocuments({ documents }: UseTrustedDocumentsOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (queryHash && documents.has(queryHash)) return;
          throw appError(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, 'This server only runs registered operations; this one is not in its trusted-documents manifest.', {
            details: { http: { status: 400 } },
          });
        },
      };
    },
  };
}
