import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER } from '@ordergraph/core';
import type { GatewayContext } from './context.js';
import { SubgraphHttpDataSource } from './datasources/SubgraphHttpDataSource.js';

/**
 * Sends subgraph fetches with the caller's identity and IP, signed by the gateway, and the
 * request id. The client's own Authorization header is never forwarded.
 */
export class IdentityForwardingDataSource extends SubgraphHttpDataSource<GatewayContext> {
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    headers.set('x-request-id', context.requestId);
    headers.set(IDENTITY_HEADER, await context.identityHeader());
  }
}
