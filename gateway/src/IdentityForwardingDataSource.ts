import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER } from '@ordergraph/core';
import type { GatewayContext } from './context.js';
import { SubgraphHttpDataSource, type SubgraphHttpDataSourceOptions } from './datasources/SubgraphHttpDataSource.js';

export interface IdentityForwardingOptions extends SubgraphHttpDataSourceOptions {
  /**
   * The gateway's own signed (anonymous) identity, for its requests that serve no client:
   * loading a subgraph's SDL (`INTROSPECT_SUBGRAPHS`), which subgraphs serve only when signed.
   */
  gatewayIdentity?: () => Promise<string>;
}

/**
 * Sends subgraph fetches with the caller's identity and IP, signed by the gateway, and the
 * request id. The client's own Authorization header is never forwarded.
 */
export class IdentityForwardingDataSource extends SubgraphHttpDataSource<GatewayContext> {
  private readonly gatewayIdentity: (() => Promise<string>) | undefined;

  constructor(options: IdentityForwardingOptions) {
    super(options);
    this.gatewayIdentity = options.gatewayIdentity;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    if (!('requestId' in context)) {
      // Schema loading and health checks of @apollo/gateway: no client, the gateway itself asks.
      if (this.gatewayIdentity) headers.set(IDENTITY_HEADER, await this.gatewayIdentity());
      return;
    }
    headers.set('x-request-id', context.requestId);
    headers.set(IDENTITY_HEADER, await context.identityHeader());
  }
}
