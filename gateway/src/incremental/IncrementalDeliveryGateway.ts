import { createHash } from 'node:crypto';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import { print, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { graphql } from '../executor/gatewayInternals.js';
import type { GatewayContext } from '../context.js';
import { deferredItems, type IncrementalItem } from './deferredPayload.js';
import { splitDeferred, type SplitOperation } from './splitDeferred.js';

/**
 * Put in the context by the multipart transport when the client accepts incremental delivery
 * (`multipart/mixed; deferSpec=20220824`): the executor leaves the deferred parts here.
 */
export interface IncrementalSlot {
  /** The deferred fragments' data, once fetched (started together with the initial part). */
  subsequent?: Promise<IncrementalItem[]>;
}

/**
 * `@defer` around any gateway executor: the API schema declares the directive (so validation
 * accepts it); a client that accepts incremental delivery gets the operation without its deferred
 * fragments first and the fragments later (see splitDeferred.ts), every other client the whole
 * result at once (the planner ignores `@defer`). Limits, cost and authorization have already run
 * on the whole operation in Apollo Server's pipeline before the executor is called.
 */
export class IncrementalDeliveryGateway implements GatewayInterface {
  /** Our schema (with `@defer`) → the inner gateway's, which its executor expects. */
  private readonly original = new WeakMap<GraphQLSchema, GraphQLSchema>();

  constructor(private readonly inner: GatewayInterface) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      const schema = withDeferDirective(apiSchema);
      this.original.set(schema, apiSchema);
      callback({ apiSchema: schema, coreSupergraphSdl });
    });
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    if (!executor) throw new Error('The gateway returned no executor.');
    return { executor: (requestContext) => this.execute(executor, { ...requestContext, schema: this.original.get(requestContext.schema) ?? requestContext.schema }) };
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private async execute(executor: GatewayExecutor, requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const slot = (requestContext.context as Partial<GatewayContext>).incremental;
    const split = slot && requestContext.source?.includes('@defer') ? splitDeferred(requestContext.document, requestContext.request.operationName, requestContext.request.variables) : null;
    if (!slot || !split) return executor(requestContext);
    // Both parts start now: the later part costs no more wall time than the slower of the two.
    const later = executor(withDocument(requestContext, split.deferred));
    later.catch(() => undefined);
    const initial = await executor(withDocument(requestContext, split.initial));
    if (initial.data) slot.subsequent = deferredPart(split, initial.data, later);
    return initial;
  }
}

async function deferredPart(split: SplitOperation, initialData: Record<string, unknown>, later: Promise<GatewayExecutionResult>): Promise<IncrementalItem[]> {
  let result: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] };
  try {
    const executed = await later;
    result = { data: executed.data, errors: executed.errors?.map((e) => (typeof e.toJSON === 'function' ? e.toJSON() : (e as GraphQLFormattedError))) };
  } catch {
    result = { data: null, errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
  }
  return deferredItems(split.fragments, initialData, result);
}

/** The request as the executor sees it, for another document (its own cache key: the hash of its text). */
function withDocument(requestContext: GatewayGraphQLRequestContext, document: DocumentNode): GatewayGraphQLRequestContext {
  const source = print(document);
  const operation = document.definitions[0] as OperationDefinitionNode;
  return {
    ...requestContext,
    document,
    source,
    operation,
    queryHash: createHash('sha256').update(source).digest('hex'),
    request: { ...requestContext.request, query: source },
  };
}

/** The API schema plus `@defer` (graphql-js 16 does not declare it; the CommonJS copy, as the gateway's schema). */
function withDeferDirective(schema: GraphQLSchema): GraphQLSchema {
  if (schema.getDirective('defer')) return schema;
  const { GraphQLBoolean, GraphQLDirective, GraphQLNonNull, GraphQLSchema: Schema, GraphQLString, DirectiveLocation } = graphql;
  const defer = new GraphQLDirective({
    name: 'defer',
    description: 'Delivers the fragment later (incremental delivery, `Accept: multipart/mixed; deferSpec=20220824`).',
    locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
    args: { label: { type: GraphQLString }, if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true } },
  });
  const config = schema.toConfig();
  return new Schema({ ...config, directives: [...config.directives, defer] }) as unknown as GraphQLSchema;
}
