/** Run-time settings, from public/config.js (see there). */
export interface StorefrontConfig {
  /** The gateway's GraphQL endpoint over HTTP(S); subscriptions use the same path over ws(s). */
  gatewayUrl: string;
}

declare global {
  interface Window {
    ORDERGRAPH_CONFIG?: Partial<StorefrontConfig>;
  }
}

export function loadConfig(): StorefrontConfig & { wsUrl: string } {
  const gatewayUrl = window.ORDERGRAPH_CONFIG?.gatewayUrl ?? 'http://localhost:4000/graphql';
  const url = new URL(gatewayUrl, window.location.href);
  const wsUrl = new URL(url);
  wsUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { gatewayUrl: url.toString(), wsUrl: wsUrl.toString() };
}
