import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import type { Redis } from 'ioredis';
import { IDENTITY_HEADER, type Identity, type IdentityCodec } from '@ordergraph/core';
import { createFormatError } from './formatError.js';
import { createClientIpResolver } from './http/clientIp.js';
import { createSecurityHeaders } from './http/securityHeaders.js';
import { createGraphQLHttpHandler, type ReadinessReport } from './httpHandler.js';
import { applyAuthorization, type PolicyFn } from './security/authorization.js';
import { createForwardedVerifier } from './security/forwardedIdentity.js';
import { createRateLimitTransformer } from './security/rateLimitDirective.js';
import { attachRequestMeta } from './security/requestMeta.js';
import { createHttpService, type Service } from './service.js';

export interface SubgraphSecurityOptions {
  /** Proxies whose X-Forwarded-For is believed for direct callers. @default [] */
  trustedProxies?: string[];
  /** Rate-limit counters shared by replicas; null counts in memory. @default null */
  redis?: Redis | null;
  /** @default 'ordergraph:' */
  redisKeyPrefix?: string;
  /** @default true */
  introspection?: boolean;
  /** Implementations of the `@policy` names this subgraph's schema uses. @default {} */
  policies?: Record<string, PolicyFn>;
}

export interface SubgraphServiceOptions<TContext extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  /** Verifies the identity the gateway forwards. */
  identityCodec: IdentityCodec;
  /** Per-request context: called once per HTTP request with the verified caller. */
  createContext: (identity: Identity | null, req: IncomingMessage) => TContext;
  /** Stack traces and internal messages in errors (never in production). */
  exposeErrorDetails: boolean;
  security?: SubgraphSecurityOptions;
  readiness?: () => Promise<ReadinessReport>;
  /** Release databases and other resources after the server closed. */
  close?: () => Promise<void>;
  /** Extra GET routes (e.g. the JWKS document). */
  routes?: Record<string, (req: IncomingMessage, res: import('node:http').ServerResponse) => void>;
}

/** Read a subgraph's SDL file next to the calling module. */
export function loadTypeDefs(fromModuleUrl: string, relativePath: string): DocumentNode {
  return parse(readFileSync(new URL(relativePath, fromModuleUrl), 'utf8'));
}

/**
 * Build (without listening) a Federation 2 subgraph served over HTTP. The schema's
 * @authenticated/@requiresScopes/@policy are enforced here whatever the caller, and
 * @rateLimit fields count against Redis (or memory).
 */
export function createSubgraphService<TContext extends BaseContext>(
  options: SubgraphServiceOptions<TContext>,
): Service & { apollo: ApolloServer<TContext> } {
  const { trustedProxies = [], redis = null, redisKeyPrefix = 'ordergraph:', introspection = true, policies = {} } = options.security ?? {};
  const rateLimits = createRateLimitTransformer({ redis, keyPrefix: `${redisKeyPrefix}rl:${options.name}` });
  // Rate limits wrap first so authorization runs outermost: an anonymous call to a guarded,
  // limited field is refused without spending anybody's budget.
  const schema = applyAuthorization(
    rateLimits(buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap }])),
    policies,
  );
  const apollo = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: options.exposeErrorDetails,
    formatError: createFormatError(options.exposeErrorDetails),
    hideSchemaDetailsFromClientErrors: !options.exposeErrorDetails,
    introspection,
    // Tracing is ours (OpenTelemetry), not Apollo's inline ftv1 traces.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const clientIp = createClientIpResolver(trustedProxies);
  const verifyForwarded = createForwardedVerifier(options.identityCodec);
  const listener = createGraphQLHttpHandler<TContext>({
    apollo,
    readiness: options.readiness,
    securityHeaders: createSecurityHeaders(),
    routes: options.routes,
    context: async (req) => {
      const header = req.headers[IDENTITY_HEADER];
      const forwarded = await verifyForwarded(Array.isArray(header) ? header[0] : header);
      const identity = forwarded?.identity ?? null;
      const context = options.createContext(identity, req);
      return attachRequestMeta(context, { identity, clientIp: forwarded?.clientIp ?? clientIp(req) });
    },
  });
  const service = createHttpService({
    name: options.name,
    listener,
    beforeListen: () => apollo.start(),
    beforeClose: () => apollo.stop(),
    afterClose: options.close,
  });
  return Object.assign(service, { apollo });
}
