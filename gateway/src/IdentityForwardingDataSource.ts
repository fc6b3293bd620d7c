import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER } from '@ordergraph/core';
import { forwardedKey } from './auth/ForwardedIdentitySigner.js';
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
  // The signed header changes with its expiry; what it says is keyed by callerKey instead.
  protected override readonly dedupeIgnoredHeaders: ReadonlySet<string> = new Set([...SubgraphHttpDataSource.PER_REQUEST_HEADERS, IDENTITY_HEADER]);
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

  /** The verified identity and IP the signed header carries: what the subgraph answers for. */
  protected override callerKey({ context }: GraphQLDataSourceProcessOptions<GatewayContext>): string {
    return 'requestId' in context ? forwardedKey({ identity: context.identity, clientIp: context.clientIp }) : '';
  }
}
