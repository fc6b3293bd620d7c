import type { GraphQLFormattedError } from 'graphql';
import type { Client, FormattedExecutionResult } from 'graphql-ws';
import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import { RepeatFilter, type BoundedQueue } from '@ordergraph/pubsub';
import type { Logger } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import type { PlannedSubscription } from './types.js';

/** What every subscriber of a shared subscription receives. */
export type SubscriptionResult = GatewayExecutionResult | FormattedExecutionResult;

export interface SharedSubscriptionOptions {
  planned: PlannedSubscription;
  /** The client of the subgraph that owns the root field. */
  upstream: Client;
  /** A fresh context (identity, signed header) for the fetches of one event. */
  contextForEvent: () => GatewayContext;
  /** The caller's identity signed for the subgraph (ForwardedIdentitySigner: reused, refreshed every 30 s). */
  signIdentity: () => Promise<string>;
  /** Called once when the subscription is over (last subscriber left, or upstream ended). */
  onClose: () => void;
  logger: Logger;
}

/** How often the identity carried upstream is re-signed (it is valid for 60 s and checked on every re-subscribe). */
const RESIGN_MS = 20_000;
/** Streams (orders) whose position is kept for resuming, most recent first out of the door last. */
const MAX_POSITIONS = 500;

/**
 * One upstream subscription shared by every subscriber with the same operation, variables
 * and identity. Each upstream event is resolved once (the plan's `rest` against the other
 * subgraphs, then shaping) and the result fanned out; events are resolved one at a time, so
 * subscribers see them in the order the subgraph sent them.
 */
export class SharedSubscription {
  private readonly sinks = new Set<BoundedQueue<SubscriptionResult>>();
  private unsubscribe: (() => void) | null = null;
  private resign: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private identity = '';
  /** Last position delivered per stream (when the subgraph sends positions): where a re-subscribe resumes. */
  private readonly positions = new RepeatFilter([], MAX_POSITIONS);

  constructor(private readonly options: SharedSubscriptionOptions) {}

  get subscribers(): number {
    return this.sinks.size;
  }

  async start(): Promise<void> {
    try {
      this.identity = await this.options.signIdentity();
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not sign the identity for an upstream subscription');
      return this.finish({ errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
    if (this.closed) return;
    this.resign = setInterval(() => {
      this.options.signIdentity().then(
        (signed) => (this.identity = signed),
        () => undefined,
      );
    }, RESIGN_MS);
    this.resign.unref();
    const { primary, variables } = this.options.planned;
    const self = this;
    // Getters: graphql-ws serialises the payload again on every reconnection, so a re-subscribe
    // after an upstream restart carries a freshly signed identity and where to resume from
    // (the subgraph replays what was published meanwhile; see packages/subgraph/src/subscriptionResume.ts).
    const extensions = {
      get identity() {
        return self.identity;
      },
      resumable: true,
      get resume() {
        return self.positions.size > 0 ? { after: self.positions.toJSON() } : undefined;
      },
    };
    this.unsubscribe = this.options.upstream.subscribe(
      { query: primary.operation, operationName: primary.operationName, variables, extensions },
      {
        next: (result) => {
          if (!this.record(result)) return;
          this.queue = this.queue.then(() => this.deliver(result));
        },
        error: (error) => {
          this.queue = this.queue.then(() => this.finish({ errors: upstreamErrors(error) }));
        },
        complete: () => {
          this.queue = this.queue.then(() => this.finish());
        },
      },
    );
  }

  add(sink: BoundedQueue<SubscriptionResult>): void {
    this.sinks.add(sink);
  }

  remove(sink: BoundedQueue<SubscriptionResult>): void {
    this.sinks.delete(sink);
    if (this.sinks.size === 0) this.close();
  }

  /** Stop the upstream subscription and end every subscriber's stream. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.resign) clearInterval(this.resign);
    this.unsubscribe?.();
    for (const sink of this.sinks) sink.end();
    this.sinks.clear();
    this.options.onClose();
  }

  /** End every subscriber's stream after `last` (an error saying why), in order after pending events. */
  end(last: SubscriptionResult): void {
    this.queue = this.queue.then(() => this.finish(last));
  }

  /**
   * Note an event's position on arrival (not on delivery, which may lag: a re-subscribe must
   * resume after everything received). @returns false for a repeat of an event already received.
   */
  private record(upstream: FormattedExecutionResult<Record<string, unknown>, unknown>): boolean {
    const position = (upstream.extensions as { position?: { stream?: unknown; at?: unknown } } | undefined)?.position;
    if (typeof position?.stream !== 'string' || typeof position.at !== 'string' || !/^\d{1,20}$/.test(position.at)) return true;
    return this.positions.accept(position.stream, BigInt(position.at));
  }

  private async deliver(upstream: FormattedExecutionResult<Record<string, unknown>, unknown>): Promise<void> {
    if (this.closed) return;
    let result: SubscriptionResult;
    if (!upstream.data) {
      result = { errors: upstream.errors ?? [{ message: 'The subgraph sent an event without data.' }] };
    } else {
      try {
        result = await this.options.planned.resolveEvent(upstream.data as Record<string, any>, this.options.contextForEvent());
      } catch (error) {
        this.options.logger.error({ err: error }, 'resolving a subscription event failed');
        result = { data: null, errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } as FormattedExecutionResult;
      }
      if (upstream.errors?.length) result = { ...result, errors: [...upstream.errors, ...(result.errors ?? [])] } as SubscriptionResult;
    }
    for (const sink of this.sinks) sink.push(result);
  }

  private finish(last?: SubscriptionResult): void {
    if (this.closed) return;
    if (last) for (const sink of this.sinks) sink.push(last);
    this.close();
  }
}

/** A graphql-ws client `error`: GraphQL errors from the subgraph, or a fatal close / socket error. */
function upstreamErrors(error: unknown): readonly GraphQLFormattedError[] {
  if (Array.isArray(error)) return error as GraphQLFormattedError[];
  return [{ message: 'The subscription was interrupted upstream. Subscribe again.', extensions: { code: 'SERVICE_UNAVAILABLE' } }];
}
