import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '@ordergraph/core';
import type { GatewayContext } from '../context.js';

export interface UseRateLimitOptions {
  /** Counts operations per client (Redis-backed when REDIS_URL is set). */
  limiter: RateLimiterAbstract;
  /** Operations per window, for the headers. */
  points: number;
  /** Window in seconds, for the headers. */
  windowSeconds: number;
}

type Outcome = { allowed: boolean; res: RateLimiterRes | null };

/**
 * A per-client operation budget: per signed-in customer, else per client IP. Every
 * operation (each one of a batch) spends one point; over budget, the operation is refused
 * with RATE_LIMITED, HTTP 429 and Retry-After. Every response carries RateLimit-* headers
 * (draft-ietf-httpapi-ratelimit-headers), and Retry-After when a subgraph's field limit hit.
 */
export function useRateLimit({ limiter, points, windowSeconds }: UseRateLimitOptions): ApolloServerPlugin<GatewayContext> {
  const policy = `${points};w=${windowSeconds}`;
  return {
    async requestDidStart({ contextValue }) {
      const key = contextValue.identity ? `customer:${contextValue.identity.customerId}` : `ip:${contextValue.clientIp}`;
      // Started now, awaited later: the counter round trip overlaps parsing and validation.
      const outcome: Promise<Outcome> = limiter.consume(key, 1).then(
        (res) => ({ allowed: true, res }),
        // A store failure (not a rejection) fails open: the budget protects, it must not take the API down.
        (rejection: unknown) => (rejection instanceof Error ? { allowed: true, res: null } : { allowed: false, res: rejection as RateLimiterRes }),
      );
      return {
        async didResolveOperation() {
          const { allowed, res } = await outcome;
          if (allowed || !res) return;
          const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
          const error = rateLimited('Too many requests from this client.', retryAfter);
          error.extensions.http = { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) };
          throw error;
        },
        async willSendResponse({ response }) {
          // A field limit in a subgraph (RATE_LIMITED with retryAfter) also gets a Retry-After header.
          if (response.body.kind === 'single' && response.body.singleResult.errors && !response.http.headers.has('retry-after')) {
            const waits = response.body.singleResult.errors.map((e) => (e.extensions?.code === 'RATE_LIMITED' ? Number(e.extensions.retryAfter) : 0));
            const wait = Math.max(0, ...waits.filter(Number.isFinite));
            if (wait > 0) response.http.headers.set('retry-after', String(wait));
          }
          const { res } = await outcome;
          if (!res) return;
          response.http.headers.set('ratelimit-policy', policy);
          response.http.headers.set('ratelimit-limit', String(points));
          response.http.headers.set('ratelimit-remaining', String(Math.max(0, res.remainingPoints)));
          response.http.headers.set('ratelimit-reset', String(Math.max(0, Math.ceil(res.msBeforeNext / 1000))));
        },
      };
    },
  };
}
