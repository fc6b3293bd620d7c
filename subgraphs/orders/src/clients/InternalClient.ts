import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { SERVICE_HEADER, type ServiceTokenCodec } from '@ordergraph/core';

export interface InternalClientOptions {
  /** Name of the called service (breaker, errors, token audience). */
  service: string;
  url: string;
  tokens: ServiceTokenCodec;
  timeoutMs: number;
  retries: number;
  breakerThreshold: number;
  breakerResetMs: number;
}

/** A dependency did not answer usefully: down, timing out, breaker open, or a 5xx. */
export class DependencyUnavailable extends Error {
  constructor(
    readonly service: string,
    message: string,
    readonly retryable = true,
  ) {
    super(`${service}: ${message}`);
  }
}

/** A well-formed GraphQL error from the dependency: a real answer, never retried. */
export class DependencyRejected extends Error {
  constructor(
    readonly service: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${service}: ${message}`);
  }
}

const isTransient = (error: unknown) =>
  error instanceof TaskCancelledError || (error instanceof DependencyUnavailable && error.retryable);

/**
 * GraphQL over HTTP to another subgraph's internal operations, as a service. Every attempt
 * has a timeout; idempotent calls are retried with exponential backoff and decorrelated
 * jitter; one circuit breaker per dependency fails fast while it is down.
 */
export class InternalClient {
  readonly breaker: CircuitBreakerPolicy;
  private readonly idempotentPolicy: IPolicy;
  private readonly oncePolicy: IPolicy;

  constructor(private readonly options: InternalClientOptions) {
    const attemptTimeout = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: options.breakerResetMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    const retries = retry(handleWhen(isTransient), {
      maxAttempts: options.retries,
      backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }),
    });
    this.idempotentPolicy = wrap(retries, this.breaker, attemptTimeout);
    this.oncePolicy = wrap(this.breaker, attemptTimeout);
  }

  /** Run `query`; `idempotent` calls (keyed so a repeat has no extra effect) may be retried. */
  async request<T>(query: string, variables: Record<string, unknown>, { idempotent }: { idempotent: boolean }): Promise<T> {
    const policy = idempotent ? this.idempotentPolicy : this.oncePolicy;
    try {
      // A parent signal per call: cockatiel's shared default would collect a listener per call in flight.
      return await policy.execute(({ signal }) => this.send<T>(query, variables, signal), new AbortController().signal);
    } catch (error) {
      if (error instanceof DependencyRejected || error instanceof DependencyUnavailable) throw error;
      if (error instanceof BrokenCircuitError) throw new DependencyUnavailable(this.options.service, 'circuit breaker is open', false);
      if (error instanceof TaskCancelledError) throw new DependencyUnavailable(this.options.service, `timed out after ${this.options.timeoutMs} ms`);
      throw new DependencyUnavailable(this.options.service, (error as Error).message);
    }
  }

  private async send<T>(query: string, variables: Record<string, unknown>, signal: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SERVICE_HEADER]: await this.options.tokens.tokenFor(this.options.service),
        },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    } catch (error) {
      throw new DependencyUnavailable(this.options.service, `request failed: ${(error as Error).message}`);
    }
    if (response.status >= 500 || response.status === 429) {
      throw new DependencyUnavailable(this.options.service, `HTTP ${response.status}`);
    }
    const body = (await response.json().catch(() => null)) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
    const error = body?.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      if (code === 'SERVICE_UNAVAILABLE' || code === 'CONFLICT' || code === 'INTERNAL_SERVER_ERROR') {
        throw new DependencyUnavailable(this.options.service, `${code}: ${error.message}`);
      }
      throw new DependencyRejected(this.options.service, code, error.message);
    }
    if (!body?.data) throw new DependencyUnavailable(this.options.service, `HTTP ${response.status} without data`);
    return body.data;
  }
}
