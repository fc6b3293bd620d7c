import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { IDENTITY_HEADER, type Identity, type IdentityCodec, type ShutdownConfig } from '@ordergraph/core';
import type { SubgraphTelemetry } from '@ordergraph/telemetry';
import { createFormatError } from './formatError.js';
import { createGraphQLHttpHandler, type ReadinessReport } from './httpHandler.js';
import type { ServiceLifecycle } from './lifecycle.js';
import { useRequestTelemetry } from './plugins/useRequestTelemetry.js';
import { createHttpService, type Service } from './service.js';

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
  readiness?: () => Promise<ReadinessReport>;
  /** Release databases and other resources after the server closed. */
  close?: () => Promise<void>;
  telemetry: SubgraphTelemetry;
  /** @default { delayMs: 0, timeoutMs: 25000 } */
  shutdown?: ShutdownConfig;
  lifecycle?: ServiceLifecycle;
}

/** Read a subgraph's SDL file next to the calling module. */
export function loadTypeDefs(fromModuleUrl: string, relativePath: string): DocumentNode {
  return parse(readFileSync(new URL(relativePath, fromModuleUrl), 'utf8'));
}

/** Build (without listening) a Federation 2 subgraph served over HTTP. */
export function createSubgraphService<TContext extends BaseContext>(
  options: SubgraphServiceOptions<TContext>,
): Service & { apollo: ApolloServer<TContext>; telemetry: SubgraphTelemetry } {
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap }]),
    includeStacktraceInErrorResponses: options.exposeErrorDetails,
    formatError: createFormatError(options.exposeErrorDetails),
    introspection: true,
    logger: options.telemetry.logger,
    // Tracing is ours (OpenTelemetry), not Apollo's inline ftv1 traces.
    plugins: [ApolloServerPluginInlineTraceDisabled(), useRequestTelemetry<TContext>({ telemetry: options.telemetry })],
  });
  const listener = createGraphQLHttpHandler<TContext>({
    apollo,
    readiness: options.readiness,
    telemetry: options.telemetry,
    context: async (req) => {
      const header = req.headers[IDENTITY_HEADER];
      const identity = await options.identityCodec.verify(Array.isArray(header) ? header[0] : header);
      return options.createContext(identity, req);
    },
  });
  const service = createHttpService({
    name: options.name,
    listener,
    telemetry: options.telemetry,
    shutdown: options.shutdown,
    lifecycle: options.lifecycle,
    beforeListen: () => apollo.start(),
    beforeClose: () => apollo.stop(),
    afterClose: options.close,
  });
  return Object.assign(service, { apollo, telemetry: options.telemetry });
}
