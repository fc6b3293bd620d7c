import type { ApolloServerPlugin } from '@apollo/server';
import { useRequestTelemetry } from '@ordergraph/http';
import { KNOWN_CODES, type GatewayTelemetry } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';

/**
 * Request logs and metrics at the gateway (see useRequestTelemetry), plus errors that
 * subgraphs returned, counted by subgraph: @apollo/gateway tags them with `serviceName`.
 */
export function useTelemetry(telemetry: GatewayTelemetry): ApolloServerPlugin<GatewayContext> {
  return useRequestTelemetry<GatewayContext>({
    telemetry,
    onError: (error) => {
      const subgraph = error.extensions?.serviceName;
      if (typeof subgraph !== 'string') return;
      const code = error.extensions?.code;
      telemetry.gateway.countSubgraphError(subgraph, typeof code === 'string' && KNOWN_CODES.has(code) ? code : 'OTHER');
    },
  });
}
