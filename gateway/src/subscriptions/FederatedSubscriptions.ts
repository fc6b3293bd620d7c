import { ErrorCode, scopesOfIdentity, type Identity } from '@ordergraph/core';
import { BoundedQueue } from '@ordergraph/pubsub';
import type { Logger } from '@ordergraph/telemetry';
import type { ForwardedIdentitySigner } from '../auth/ForwardedIdentitySigner.js';
import { gatewayContext } from '../context.js';
import { SharedSubscription, type SubscriptionResult } from './SharedSubscription.js';
import type { PlannedSubscription } from './types.js';
import type { UpstreamClients } from './UpstreamClients.js';

export interface Subscriber {
  identity: Identity | null;
  clientIp: string;
  /** Called when this subscriber's buffer overflows (it reads too slowly): cut it off. */
  onOverflow: () => void;
}

export interface FederatedSubscriptionsOptions {
  upstream: UpstreamClients;
  signer: ForwardedIdentitySigner;
  /** The GraphQL URL of a subgraph, by name (current supergraph). */
  subgraphUrl: (name: string) => string | undefined;
  /** Undelivered events kept per subscriber before it is cut off. @default 100 */
  maxBufferedEvents?: number;
  logger: Logger;
}

export interface SubscriptionStats {
  /** Subscriptions open on subgraphs (after deduplication). */
  upstream: number;
  /** Subscriptions of clients. */
  subscribers: number;
}

/**
 * Runs planned subscriptions: one upstream subscription per distinct (subgraph, operation,
 * variables, caller), shared by every client subscription that asks the same thing.
 * The caller is part of the key because subgraphs authorize each subscription for it.
 */
export class FederatedSubscriptions {
  private readonly shared = new Map<string, SharedSubscription>();

  constructor(private readonly options: FederatedSubscriptionsOptions) {}

  /** Start (or join) the subscription; the returned stream yields one result per event. */
  open(planned: PlannedSubscription, subscriber: Subscriber): BoundedQueue<SubscriptionResult> {
    const { identity, clientIp } = subscriber;
    const key = `${principalOf(identity)}\u0001${planned.primary.serviceName}\u0001${planned.operationKey}`;
    let shared = this.shared.get(key);
    const stream: BoundedQueue<SubscriptionResult> = new BoundedQueue({
      maxBuffered: this.options.maxBufferedEvents ?? 100,
      onOverflow: subscriber.onOverflow,
      onReturn: () => shared?.remove(stream),
    });
    if (!shared) {
      const url = this.options.subgraphUrl(planned.primary.serviceName);
      if (!url) {
        stream.push({ errors: [{ message: `Subgraph "${planned.primary.serviceName}" is not available.`, extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
        stream.end();
        return stream;
      }
      const { signer } = this.options;
      const created = new SharedSubscription({
        planned,
        upstream: this.options.upstream.for(url),
        signIdentity: () => signer.sign({ identity, clientIp }),
        contextForEvent: () => gatewayContext(signer, identity, clientIp),
        onClose: () => {
          if (this.shared.get(key) === created) this.shared.delete(key);
        },
        logger: this.options.logger,
      });
      shared = created;
      this.shared.set(key, created);
      created.add(stream);
      void created.start();
      return stream;
    }
    shared.add(stream);
    return stream;
  }

  stats(): SubscriptionStats {
    let subscribers = 0;
    for (const s of this.shared.values()) subscribers += s.subscribers;
    return { upstream: this.shared.size, subscribers };
  }

  /**
   * The supergraph changed: end every subscription with SUBSCRIPTION_SCHEMA_RELOAD (as Apollo
   * Router does). Their plans and data sources belong to the old supergraph; clients subscribe
   * again and get the new one. The upstream connections stay open for them.
   */
  endForSchemaReload(): void {
    const error = { message: 'The gateway\'s schema changed: this subscription ended. Subscribe again.', extensions: { code: ErrorCode.SUBSCRIPTION_SCHEMA_RELOAD } };
    for (const s of [...this.shared.values()]) s.end({ errors: [error] });
  }

  /** End every subscription and close the upstream connections. */
  async close(): Promise<void> {
    for (const s of [...this.shared.values()]) s.close();
    await this.options.upstream.close();
  }
}

/** Who the subgraphs see: subscriptions are shared only between callers they cannot tell apart. */
function principalOf(identity: Identity | null): string {
  if (!identity) return 'anonymous';
  return `${identity.customerId}|${identity.role}|${[...scopesOfIdentity(identity)].sort().join(' ')}`;
}
