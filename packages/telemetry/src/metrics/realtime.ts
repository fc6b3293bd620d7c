import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * WebSocket, subscription and rate-limit metrics. Defined on every service so the
 * subscription transport and the rate limiter only have to call these methods.
 */
export class TrafficMetrics {
  private readonly connections: Gauge;
  private readonly subscriptions: Gauge;
  private readonly rateLimited: Counter<'scope'>;

  constructor(registry: Registry) {
    this.connections = new Gauge({
      name: 'websocket_connections',
      help: 'Open GraphQL-over-WebSocket connections.',
      registers: [registry],
    });
    this.subscriptions = new Gauge({
      name: 'graphql_active_subscriptions',
      help: 'GraphQL subscriptions currently running.',
      registers: [registry],
    });
    this.rateLimited = new Counter({
      name: 'rate_limit_rejections_total',
      help: 'Requests rejected with RATE_LIMITED, by scope (e.g. ip, customer, operation).',
      labelNames: ['scope'],
      registers: [registry],
    });
  }

  /** Call on connection open; call the returned function once on close. */
  websocketOpened(): () => void {
    this.connections.inc();
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.connections.dec();
    };
  }

  /** Call when a subscription starts; call the returned function once when it ends. */
  subscriptionStarted(): () => void {
    this.subscriptions.inc();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.subscriptions.dec();
    };
  }

  /** @param scope a fixed word naming the limit that tripped, e.g. "ip" or "customer" */
  rateLimitRejected(scope: string): void {
    this.rateLimited.inc({ scope: /^[a-z_]{1,32}$/.test(scope) ? scope : 'other' });
  }
}
