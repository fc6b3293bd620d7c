import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { IDENTITY_HEADER, SERVICE_HEADER, type Caller, type IdentityCodec, type ServiceTokenCodec } from '@ordergraph/core';
import { createFormatError } from './formatError.js';
import { createGraphQLHttpHandler, type ReadinessReport } from './httpHandler.js';
import { useRejectNulCharacters } from './plugins/useRejectNulCharacters.js';
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
): Service & { apollo: ApolloServer<TContext> } {
  const schema = buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap }]);
  const apollo = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: options.exposeErrorDetails,
    formatError: createFormatError(options.exposeErrorDetails),
    introspection: true,
    // Tracing is ours (OpenTelemetry), not Apollo's inline ftv1 traces.
    plugins: [ApolloServerPluginInlineTraceDisabled(), useRejectNulCharacters<TContext>()],
  });
  const listener = createGraphQLHttpHandler<TContext>({
    apollo,
    readiness: options.readiness,
    context: async (req) => {
      const [identity, service] = await Promise.all([
        options.identityCodec.verify(firstHeader(req, IDENTITY_HEADER)),
        options.serviceTokens.verify(firstHeader(req, SERVICE_HEADER)),
      ]);
      return options.createContext({ identity, service }, req);
    },
  });
  let subscriptions: { dispose(): Promise<void> } | null = null;
  const service = createHttpService({
    name: options.name,
    listener,
    onServer: (server) => {
      if (options.subscriptions) {
        subscriptions = attachSubscriptionServer({ server, schema, identityCodec: options.identityCodec, createContext: options.createContext });
      }
    },
    beforeListen: () => apollo.start(),
    beforeClose: async () => {
      await subscriptions?.dispose();
      await apollo.stop();
    },
    afterClose: options.close,
  });
  return Object.assign(service, { apollo });
}
