import { isObjectType, type GraphQLSchema } from 'graphql';
import { rateLimitDirective } from 'graphql-rate-limit-directive';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '@ordergraph/core';
import { redisLimiterClass } from '@ordergraph/http';
import { requestMeta } from './requestMeta.js';

export interface RateLimitDirectiveArgs {
  limit: number;
  duration: number;
  /** Key parts: "ip", "customer", "client", "arg:<name>". @default ["client"] */
  by?: string[];
}

/** Longest argument value that goes into a key: enough to tell emails apart, too short to bloat Redis. */
const MAX_ARG_KEY = 256;

function keyPart(part: string, args: Record<string, unknown>, context: unknown): string {
  const { identity, clientIp } = requestMeta(context);
  if (part === 'ip') return `ip=${clientIp}`;
  if (part === 'customer' || part === 'client') return identity ? `customer=${identity.customerId}` : `ip=${clientIp}`;
  if (part.startsWith('arg:')) {
    const name = part.slice(4);
    const value = args[name];
    return `${name}=${typeof value === 'string' ? value.trim().toLowerCase().slice(0, MAX_ARG_KEY) : JSON.stringify(value ?? null).slice(0, MAX_ARG_KEY)}`;
  }
  throw new Error(`@rateLimit: unknown key part "${part}" (expected ip, customer, client or arg:<name>)`);
}

export interface RateLimitDirectiveOptions {
  /** Counters shared by every replica; null counts in this process only (embedded default). */
  redis: Redis | null;
  /** e.g. `ordergraph:rl:accounts:` */
  keyPrefix: string;
}

/**
 * `@rateLimit(limit, duration, by)` on subgraph fields, enforced with
 * graphql-rate-limit-directive over rate-limiter-flexible. A rejection is a RATE_LIMITED
 * error with `extensions.retryAfter` (seconds) on that field only.
 */
export function createRateLimitTransformer({ redis, keyPrefix }: RateLimitDirectiveOptions): (schema: GraphQLSchema) => GraphQLSchema {
  const { rateLimitDirectiveTransformer } = rateLimitDirective<unknown>({
    name: 'rateLimit',
    limiterClass: redis ? redisLimiterClass(redis) : RateLimiterMemory,
    limiterOptions: { keyPrefix },
    keyGenerator: (directiveArgs, _source, args, context, info) => {
      const { by = ['client'] } = directiveArgs as RateLimitDirectiveArgs;
      return [`${info.parentType.name}.${info.fieldName}`, ...by.map((part) => keyPart(part, args, context))].join('|');
    },
    onLimit: (response: RateLimiterRes, _directiveArgs, _source, _args, _context, info) => {
      throw rateLimited(`Too many ${info.fieldName} requests.`, Math.max(1, Math.ceil(response.msBeforeNext / 1000)));
    },
  });
  return (schema) => {
    validateRateLimitArgs(schema);
    return rateLimitDirectiveTransformer(schema);
  };
}

/** Reject bad `by` parts at start-up rather than on the first request that reaches the field. */
function validateRateLimitArgs(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'rateLimit');
      const by = directive?.arguments?.find((a) => a.name.value === 'by');
      if (!by || by.value.kind !== 'ListValue') continue;
      for (const item of by.value.values) {
        const part = item.kind === 'StringValue' ? item.value : '';
        const ok = part === 'ip' || part === 'customer' || part === 'client' || (part.startsWith('arg:') && field.args.some((a) => a.name === part.slice(4)));
        if (!ok) throw new Error(`@rateLimit on ${type.name}.${field.name}: "${part}" is not ip, customer, client or arg:<an argument of the field>.`);
      }
    }
  }
}
