import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { IDENTITY_HEADER, SERVICE_HEADER, type Caller, type IdentityCodec, type ServiceTokenCodec, type ShutdownConfig } from '@ordergraph/core';
import type { SubgraphTelemetry } from '@ordergraph/telemetry';
import { createFormatError } from './formatError.js';
import { createGraphQLHttpHandler, type ReadinessReport } from './httpHandler.js';
import { ServiceLifecycle } from './lifecycle.js';
import { useRejectNulCharacters } from './plugins/useRejectNulCharacters.js';
import { useRequestTelemetry } from './plugins/useRequestTelemetry.js';
import { createHttpService, type Service } from './service.js';
import { attachSubscriptionServer } from './subscriptionServer.js';

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
  readiness?: () => Promise<ReadinessReport>;
  /** Release databases and other resources after the server closed. */
  close?: () => Promise<void>;
  telemetry: SubgraphTelemetry;
  /** @default { delayMs: 0, timeoutMs: 25000 } */
  shutdown?: ShutdownConfig;
  lifecycle?: ServiceLifecycle;
  /** Serve the schema's subscriptions over WebSocket (graphql-ws) too. @default false */
  subscriptions?: boolean;
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Read a subgraph's SDL file next to the calling module. */
export function loadTypeDefs(fromModuleUrl: string, relativePath: string): DocumentNode {
  return parse(readFileSync(new URL(relativePath, fromModuleUrl), 'utf8'));
}

/** Build (without listening) a Federation 2 subgraph served over HTTP. */
export function createSubgraphService<TContext extends BaseContext>(
  options: SubgraphServiceOptions<TContext>,
): Service & { apollo: ApolloServer<TContext>; telemetry: SubgraphTelemetry } {
  const schema = buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap }]);
  const apollo = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: options.exposeErrorDetails,
    formatError: createFormatError(options.exposeErrorDetails),
    introspection: true,
    logger: options.telemetry.logger,
    // Tracing is ours (OpenTelemetry), not Apollo's inline ftv1 traces.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      useRequestTelemetry<TContext>({ telemetry: options.telemetry }),
      useRejectNulCharacters<TContext>(),
    ],
  });
  const listener = createGraphQLHttpHandler<TContext>({
    apollo,
    readiness: options.readiness,
    telemetry: options.telemetry,
    context: async (req) => {
      const [identity, service] = await Promise.all([
        options.identityCodec.verify(firstHeader(req, IDENTITY_HEADER)),
        options.serviceTokens.verify(firstHeader(req, SERVICE_HEADER)),
      ]);
      return options.createContext({ identity, service }, req);
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
        createContext: options.createContext,
        traffic: options.telemetry.traffic,
      });
      // First thing on shutdown: close every socket with 1001 so clients reconnect to another
      // replica; upgraded sockets are not HTTP requests, so the drain would otherwise wait on them.
      lifecycle.onShutdown('websockets', () => subscriptions.dispose());
    },
    beforeListen: () => apollo.start(),
    beforeClose: () => apollo.stop(),
    afterClose: options.close,
  });
  return Object.assign(service, { apollo, telemetry: options.telemetry });
}
