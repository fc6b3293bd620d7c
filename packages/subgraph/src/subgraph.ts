import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import { DEFAULT_MAX_INPUT_DEPTH, IDENTITY_HEADER, internOneByteNames, SERVICE_HEADER, type Caller, type ForwardedRequest, type IdentityCodec, type ServiceTokenCodec, type ShutdownConfig } from '@ordergraph/core';
import {
  createClientIpResolver,
  createFormatError,
  createGraphQLHttpHandler,
  createHttpService,
  createSecurityHeaders,
  ServiceLifecycle,
  useRequestTelemetry,
  useRetryHints,
  type ReadinessReport,
  type Service,
} from '@ordergraph/http';
import type { SubgraphTelemetry } from '@ordergraph/telemetry';
import { guardEntities } from './federation/guardEntities.js';
import { useRejectNulCharacters } from './plugins/useRejectNulCharacters.js';
import { useServiceSdlGuard } from './plugins/useServiceSdlGuard.js';
import { useUncacheableHeader, usesCacheControl } from './plugins/useUncacheableHeader.js';
import { applyArgumentBounds } from './security/argumentBounds.js';
import { applyAuthorization, type PolicyFn } from './security/authorization.js';
import { createDirectRequestGuard } from './security/directRequestLimits.js';
import { createForwardedVerifier } from './security/forwardedIdentity.js';
import { KnownOperationTypesRule } from './security/knownOperationTypes.js';
import { createRateLimitTransformer } from './security/rateLimitDirective.js';
import { attachRequestMeta } from './security/requestMeta.js';
import { attachSubscriptionServer } from './subscriptionServer.js';
import { createLeanExecutor } from './execution/leanExecutor.js';
import { createUncacheableOperations } from './execution/uncacheableOperations.js';
import { createCachePolicy, useComputedCacheHeader } from './execution/cachePolicy.js';

/** Who executes a subgraph's common request; see SubgraphServiceOptions.execution. */
export type SubgraphExecution = 'jit' | 'lean' | 'apollo';

export interface SubgraphSecurityOptions {
  /** Proxies whose X-Forwarded-For is believed for direct callers. @default [] */
  trustedProxies?: string[];
  /** Rate-limit counters shared by replicas; null counts in memory. @default null */
  redis?: Redis | null;
  /** @default 'ordergraph:' */
  redisKeyPrefix?: string;
  /** @default true */
  introspection?: boolean;
  /**
   * Serve `{ _service { sdl } }` only to requests the gateway signed (or a service token):
   * the SDL names internal operations, so it is introspection by another name. @default !introspection
   */
  guardServiceSdl?: boolean;
  /** Implementations of the `@policy` names this subgraph's schema uses. @default {} */
  policies?: Record<string, PolicyFn>;
  /** Enforce `@rateLimit` (off only for load tests). @default true */
  rateLimits?: boolean;
  /** Deepest nesting of request input (see createGraphQLHttpHandler). @default 64 */
  maxInputDepth?: number;
  /** Most `_entities` representations per request. @default 10000 */
  maxEntityRepresentations?: number;
  /**
   * Most tokens in the document of a request that came neither through the gateway nor from a
   * service (no valid identity header or service token): the gateway's own client limit
   * (`GRAPHQL_MAX_TOKENS`), so reaching a subgraph directly buys no bigger documents. 0: no limit.
   * @default 5000
   */
  directRequestMaxTokens?: number;
}

export interface SubgraphServiceOptions<TContext extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  /** Verifies the identity the gateway forwards. */
  identityCodec: IdentityCodec;
  /** Verifies service-to-service credentials (internal operations). */
  serviceTokens: ServiceTokenCodec;
  /** Per-request context: called once per HTTP request with the verified caller. */
  createContext: (caller: Caller, req: IncomingMessage) => TContext;
  /** Stack traces and internal messages in errors (never in production). */
  exposeErrorDetails: boolean;
  security?: SubgraphSecurityOptions;
  readiness?: () => Promise<ReadinessReport>;
  /** Release databases and other resources after the server closed. */
  close?: () => Promise<void>;
  telemetry: SubgraphTelemetry;
  /** @default { delayMs: 0, timeoutMs: 25000 } */
  shutdown?: ShutdownConfig;
  lifecycle?: ServiceLifecycle;
  /** Extra GET routes (e.g. the JWKS document). */
  routes?: Record<string, (req: IncomingMessage, res: import('node:http').ServerResponse) => void>;
  /** Extra POST routes that read their own body (e.g. a payment provider's webhook). */
  postRoutes?: Record<string, (req: IncomingMessage, res: import('node:http').ServerResponse) => void>;
  /** Serve the schema's subscriptions over WebSocket (graphql-ws) too. @default false */
  subscriptions?: boolean;
  /**
   * Who executes the common request (`SUBGRAPH_EXECUTION`): 'lean' serves a POST of one cached,
   * valid, plain operation with graphql-js directly (see createLeanExecutor) and leaves the rest to
   * Apollo Server; 'jit' is 'lean' with each such operation compiled by graphql-jit once per
   * cached document (see CompiledQueries); 'apollo' sends everything through Apollo's request
   * pipeline. A schema with `@cacheControl` hints (products): the lean path computes the header
   * Apollo's cache-control plugin would send (createCachePolicy) for operations that select no
   * interface or union field, and serves the always-uncacheable entity fetches; Apollo serves the rest.
   * @default 'jit'
   */
  execution?: SubgraphExecution;
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Build (without listening) a Federation 2 subgraph served over HTTP (and WebSocket for
 * subscriptions). The schema's @authenticated/@requiresScopes/@policy are enforced here
 * whatever the caller, and @rateLimit fields count against Redis (or memory).
 */
export function createSubgraphService<TContext extends BaseContext>(
  options: SubgraphServiceOptions<TContext>,
): Service & { apollo: ApolloServer<TContext>; telemetry: SubgraphTelemetry } {
  const { trustedProxies = [], redis = null, redisKeyPrefix = 'ordergraph:', introspection = true, policies = {}, rateLimits: limited = true } =
    options.security ?? {};
  const guardServiceSdl = options.security?.guardServiceSdl ?? !introspection;
  const { maxInputDepth = DEFAULT_MAX_INPUT_DEPTH, maxEntityRepresentations = 10_000, directRequestMaxTokens = 5000 } = options.security ?? {};
  const rateLimits = limited
    ? createRateLimitTransformer({ redis, keyPrefix: `${redisKeyPrefix}rl:${options.name}` })
    : (schema: GraphQLSchema) => schema;
  // Rate limits wrap first so authorization runs outermost: an anonymous call to a guarded,
  // limited field is refused without spending anybody's budget.
  // Before the schema is built: its names enter V8's string table one-byte, so responses
  // serialise to one-byte strings even when the SDL has a "—" in a description (internOneByteNames).
  internOneByteNames(options.typeDefs);
  const subgraphSchema = buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap }]);
  // In place, before the transforms below copy the schema's fields.
  guardEntities(subgraphSchema, { maxRepresentations: maxEntityRepresentations });
  applyArgumentBounds(subgraphSchema);
  const schema = applyAuthorization(rateLimits(subgraphSchema), policies);
  const hasCacheHints = usesCacheControl(options.typeDefs);
  // Every request plugin but Apollo's own: the lean path runs these same objects. With hints,
  // Apollo's cache-control plugin sets the header on Apollo's path, and the lean path computes
  // the same header (useComputedCacheHeader); without, both send no-store (useUncacheableHeader).
  const requestPlugins = [
    useRequestTelemetry<TContext>({ telemetry: options.telemetry }),
    useRejectNulCharacters<TContext>(),
    ...(guardServiceSdl ? [useServiceSdlGuard<TContext>()] : []),
    useRetryHints<TContext>(),
  ];
  const uncacheableHeader = useUncacheableHeader<TContext>();
  const formatError = createFormatError(options.exposeErrorDetails);
  // Apollo serves between start() and stop(); outside that window it answers with its own errors.
  let serving = false;
  const execution = options.execution ?? 'jit';
  // With hints, the lean path sends the header Apollo's cache-control plugin would, computed from
  // the response (createCachePolicy), for the operations whose policy it can compute or which are
  // always uncacheable; Apollo serves the others.
  const cachePolicy = hasCacheHints ? createCachePolicy(schema) : null;
  const uncacheable = hasCacheHints ? createUncacheableOperations(schema) : null;
  const lean =
    execution !== 'apollo'
      ? createLeanExecutor<TContext>({
          compiled: execution === 'jit',
          schema,
          plugins: [cachePolicy ? useComputedCacheHeader<TContext>(cachePolicy) : uncacheableHeader, ...requestPlugins],
          servesOperation: cachePolicy && uncacheable ? (operation, document) => uncacheable(operation) || cachePolicy.servable(operation, document) : undefined,
          formatError,
          includeStacktrace: options.exposeErrorDetails,
          logger: options.telemetry.logger,
          isServing: () => serving,
        })
      : undefined;
  const apollo = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: options.exposeErrorDetails,
    formatError,
    hideSchemaDetailsFromClientErrors: !options.exposeErrorDetails,
    validationRules: [KnownOperationTypesRule],
    introspection,
    logger: options.telemetry.logger,
    // Tracing is ours (OpenTelemetry), not Apollo's inline ftv1 traces.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // Apollo's cache-control plugin wraps every resolved field; only products' schema has
      // hints. Elsewhere every response is uncacheable, and says so in the same header.
      ...(hasCacheHints ? [] : [ApolloServerPluginCacheControlDisabled(), uncacheableHeader]),
      ...requestPlugins,
      // Hands the lean path the documents Apollo parsed and validated.
      ...(lean ? [lean.plugin] : []),
    ],
  });
  const clientIp = createClientIpResolver(trustedProxies);
  const verifyForwarded = createForwardedVerifier(options.identityCodec);
  // Who sent the request (gateway identity header, service token), verified once per request:
  // the direct-request guard and the context both ask.
  const callers = new WeakMap<IncomingMessage, Promise<[ForwardedRequest | null, string | null]>>();
  const callerOf = (req: IncomingMessage) => {
    let caller = callers.get(req);
    if (!caller) {
      caller = Promise.all([verifyForwarded(firstHeader(req, IDENTITY_HEADER)), options.serviceTokens.verify(firstHeader(req, SERVICE_HEADER))]);
      callers.set(req, caller);
    }
    return caller;
  };
  const listener = createGraphQLHttpHandler<TContext>({
    apollo,
    readiness: options.readiness,
    telemetry: options.telemetry,
    securityHeaders: createSecurityHeaders(),
    routes: options.routes,
    postRoutes: options.postRoutes,
    maxInputDepth,
    fastPath: lean?.serve,
    guard:
      directRequestMaxTokens > 0
        ? createDirectRequestGuard(directRequestMaxTokens, async (req) => {
            const [forwarded, service] = await callerOf(req);
            return forwarded !== null || service !== null;
          })
        : undefined,
    context: async (req) => {
      const [forwarded, service] = await callerOf(req);
      const identity = forwarded?.identity ?? null;
      const context = options.createContext({ identity, service }, req);
      return attachRequestMeta(context, { identity, clientIp: forwarded?.clientIp ?? clientIp(req), fromGateway: forwarded !== null || service !== null });
    },
  });
  const lifecycle = options.lifecycle ?? new ServiceLifecycle(options.telemetry.logger);
  const service = createHttpService({
    name: options.name,
    listener,
    telemetry: options.telemetry,
    shutdown: options.shutdown,
    lifecycle,
    onServer: (server) => {
      if (!options.subscriptions) return;
      const subscriptions = attachSubscriptionServer({
        server,
        schema,
        identityCodec: options.identityCodec,
        createContext: (caller, req) => attachRequestMeta(options.createContext(caller, req), { identity: caller.identity, clientIp: clientIp(req) }),
        traffic: options.telemetry.traffic,
        maxInputDepth,
        // Twice the HTTP limit for direct callers: anonymous subscriptions through the gateway come unsigned too.
        maxUnsignedTokens: directRequestMaxTokens * 2,
      });
      // First thing on shutdown: close every socket with 1001 so clients reconnect to another
      // replica; upgraded sockets are not HTTP requests, so the drain would otherwise wait on them.
      lifecycle.onShutdown('websockets', () => subscriptions.dispose());
    },
    beforeListen: async () => {
      await apollo.start();
      serving = true;
    },
    beforeClose: () => {
      serving = false;
      return apollo.stop();
    },
    afterClose: options.close,
  });
  return Object.assign(service, { apollo, telemetry: options.telemetry });
}
