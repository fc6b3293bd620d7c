import { BrokenCircuitError, circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleWhen, retry, wrap, type CircuitBreakerPolicy, type IPolicy } from 'cockatiel';
import { EventEmitter } from 'node:events';
import { errors, Pool } from 'undici';
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
  /**
   * Most connections to the dependency (kept alive). `null`: no limit, as global `fetch` had; a
   * limit queues calls in this process, and the queue wait counts against `timeoutMs`. @default null
   */
  connections?: number | null;
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

const isTransient = (error: unknown) => error instanceof DependencyUnavailable && error.retryable;
const isTimeout = (error: unknown) =>
  error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError;

/**
 * GraphQL over HTTP to another subgraph's internal operations, as a service. Every attempt
 * has a timeout; idempotent calls are retried with exponential backoff and decorrelated
 * jitter; one circuit breaker per dependency fails fast while it is down.
 *
 * The transport is an undici `Pool` (keep-alive connections), not global `fetch` with cockatiel's
 * timeout policy: fetch's WHATWG Request/Headers/AbortSignal machinery, and the DOMException
 * cockatiel's timeout creates when it aborts its signal after every call, were the largest share
 * of the orders process's CPU per order (#17 profile). Retries and the breaker stay cockatiel's.
 * The attempt timeout is one plain timer per attempt that aborts the request through an
 * EventEmitter (undici accepts one as `signal`): precise (undici's own headers/body timeouts run
 * on a coarse tick, up to ~1 s late) and covering the wait for a free connection.
 */
export class InternalClient {
  readonly breaker: CircuitBreakerPolicy;
  private readonly idempotentPolicy: IPolicy;
  private readonly oncePolicy: IPolicy;
  private readonly pool: Pool;
  private readonly path: string;

  constructor(private readonly options: InternalClientOptions) {
    const url = new URL(options.url);
    this.path = `${url.pathname}${url.search}`;
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? null,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: options.breakerResetMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    const retries = retry(handleWhen(isTransient), {
      maxAttempts: options.retries,
      backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }),
    });
    this.idempotentPolicy = wrap(retries, this.breaker);
    this.oncePolicy = wrap(this.breaker);
  }

  /** Close the connections (service shutdown). */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** Run `query`; `idempotent` calls (keyed so a repeat has no extra effect) may be retried. */
  async request<T>(query: string, variables: Record<string, unknown>, { idempotent }: { idempotent: boolean }): Promise<T> {
    const policy = idempotent ? this.idempotentPolicy : this.oncePolicy;
    try {
      return await policy.execute(() => this.send<T>(query, variables));
    } catch (error) {
      if (error instanceof DependencyRejected || error instanceof DependencyUnavailable) throw error;
      if (error instanceof BrokenCircuitError) throw new DependencyUnavailable(this.options.service, 'circuit breaker is open', false);
      throw new DependencyUnavailable(this.options.service, (error as Error).message);
    }
  }

  private async send<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let status: number;
    let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
    const token = await this.options.tokens.tokenFor(this.options.service);
    const signal = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signal.emit('abort');
    }, this.options.timeoutMs);
    try {
      const response = await this.pool.request({
        signal,
        path: this.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SERVICE_HEADER]: token,
        },
        body: JSON.stringify({ query, variables }),
      });
      status = response.statusCode;
      if (status >= 500 || status === 429) {
        await response.body.dump();
        throw new DependencyUnavailable(this.options.service, `HTTP ${status}`);
      }
      body = (await response.body.json().catch((error: unknown) => {
        if (timedOut) throw error;
        return null;
      })) as typeof body;
    } catch (error) {
      if (error instanceof DependencyUnavailable) throw error;
      if (timedOut || isTimeout(error)) throw new DependencyUnavailable(this.options.service, `timed out after ${this.options.timeoutMs} ms`);
      throw new DependencyUnavailable(this.options.service, `request failed: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    const error = body?.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      if (code === 'SERVICE_UNAVAILABLE' || code === 'CONFLICT' || code === 'INTERNAL_SERVER_ERROR') {
        throw new DependencyUnavailable(this.options.service, `${code}: ${error.message}`);
      }
      throw new DependencyRejected(this.options.service, code, error.message);
    }
    if (!body?.data) throw new DependencyUnavailable(this.options.service, `HTTP ${status} without data`);
    return body.data;
  }
}
