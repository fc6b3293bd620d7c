import {
  HeaderMap,
  type ApolloServerPlugin,
  type BaseContext,
  type GraphQLRequestListener,
  type HTTPGraphQLRequest,
  type HTTPGraphQLResponse,
} from '@apollo/server';
import { execute, getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { formatErrors, type FormatErrorFn } from './leanErrors.js';
import { LeanDocumentCache } from './leanDocuments.js';
import { CompiledQueries, runCompiled } from './compiledQueries.js';

/** Serves a request itself, or answers null before doing anything so that Apollo Server serves it. */
export type GraphQLFastPath<TContext> = (request: HTTPGraphQLRequest, context: () => Promise<TContext>) => Promise<HTTPGraphQLResponse | null>;

export interface LeanExecutor<TContext extends BaseContext> {
  /** The fast path for createGraphQLHttpHandler. */
  serve: GraphQLFastPath<TContext>;
  /**
   * Add to Apollo Server's plugins: it hands the lean path each document Apollo parsed and
   * validated. Until Apollo has served a query text once, the lean path leaves it to Apollo.
   */
  plugin: ApolloServerPlugin<TContext>;
  /** The documents the lean path serves. */
  documents: LeanDocumentCache;
}

export interface LeanExecutorOptions<TContext extends BaseContext> {
  schema: GraphQLSchema;
  /** The request plugins Apollo Server runs for this service, minus its own disabled ones. */
  plugins: ApolloServerPlugin<TContext>[];
  /** Apollo Server's `formatError`. */
  formatError: FormatErrorFn;
  /** Apollo Server's `includeStacktraceInErrorResponses`. */
  includeStacktrace: boolean;
  /** Apollo Server's logger, handed to plugins as `requestContext.logger`. */
  logger: unknown;
  /** Whether Apollo Server is serving (started and not stopping); when not, Apollo answers. */
  isServing: () => boolean;
  /**
   * For a schema with `@cacheControl` hints: the operations the lean path may serve, those whose
   * header it computes as Apollo's cache-control plugin does (createCachePolicy) or which that
   * plugin always answers `no-store` (createUncacheableOperations); Apollo serves the others.
   * @default every operation
   */
  servesOperation?: (operation: OperationDefinitionNode, document: DocumentNode) => boolean;
  /**
   * Execute with graphql-jit, each operation compiled once per cached document (see
   * CompiledQueries), instead of graphql-js's `execute`. @default false
   */
  compiled?: boolean;
}

/**
 * The response content type Apollo Server negotiates (`chooseContentTypeForSingleResultResponse`)
 * for the `accept` headers callers actually send; any other goes to Apollo. Checked against Apollo
 * by the parity tests.
 */
const CONTENT_TYPE_BY_ACCEPT = new Map<string | undefined, string>([
  [undefined, 'application/json; charset=utf-8'],
  ['', 'application/json; charset=utf-8'],
  ['*/*', 'application/json; charset=utf-8'],
  ['application/json', 'application/json; charset=utf-8'],
  ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
  ['application/graphql-response+json, application/json', 'application/graphql-response+json; charset=utf-8'],
  ['application/json, application/graphql-response+json', 'application/json; charset=utf-8'],
]);

/** A JSON media type, which Apollo's CSRF prevention lets through and whose body is the parsed JSON. */
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

/** The request-lifecycle hooks the lean path runs; a plugin with any other hook is refused. */
const SUPPORTED_HOOKS = new Set(['didResolveOperation', 'didEncounterErrors', 'willSendResponse']);

const isRecord = (o: unknown): o is Record<string, unknown> => o !== null && typeof o === 'object' && !Array.isArray(o);

/**
 * A lean execution path for the subgraphs' common request: a POST of one JSON operation whose
 * document Apollo Server already parsed and validated once, and which is plain (see
 * LeanDocumentCache). It runs graphql-js `execute`
 * with the same plugins, error formatting, status codes and headers as Apollo Server's request
 * pipeline (`requestPipeline.ts`, `runHttpQuery.ts`), without its per-request costs: a SHA-256 of
 * the query, async hook dispatch over every plugin for every stage, and content negotiation.
 * Anything else (GET, batches, persisted queries, unknown operation names, variables that do not
 * coerce, introspection, `_service`, subscriptions, unusual headers) is left to Apollo Server,
 * which answers with its own errors. Hand-written because Apollo Server 5 has no executor hook
 * for a plain schema (`gateway` is the only one); the parity tests hold both to the same answers.
 */
export function createLeanExecutor<TContext extends BaseContext>(options: LeanExecutorOptions<TContext>): LeanExecutor<TContext> {
  const { schema, plugins, logger, isServing } = options;
  const documents = new LeanDocumentCache();
  const compiledQueries = options.compiled ? new CompiledQueries(schema) : null;
  const format = (errors: ReadonlyArray<GraphQLError>) => formatErrors(errors, options.formatError, options.includeStacktrace);
  const plugin: ApolloServerPlugin<TContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, document }) {
          documents.learn(source, document);
        },
      };
    },
  };

  const serve: GraphQLFastPath<TContext> = async (http, context) => {
    if (http.method !== 'POST' || !isServing()) return null;
    const contentType = CONTENT_TYPE_BY_ACCEPT.get(http.headers.get('accept'));
    if (!contentType || !JSON_CONTENT_TYPE.test(http.headers.get('content-type') ?? '')) return null;
    const body = http.body;
    if (!isRecord(body) || typeof body.query !== 'string' || body.query === '') return null;
    const { query, operationName = null, variables = null, extensions = null } = body;
    if (operationName !== null && typeof operationName !== 'string') return null;
    if (variables !== null && !isRecord(variables)) return null;
    if (extensions !== null && !(isRecord(extensions) && Object.keys(extensions).length === 0)) return null;
    const document = documents.get(query);
    if (!document) return null;
    const operation = getOperationAST(document, operationName);
    if (!operation || (options.servesOperation && !options.servesOperation(operation, document))) return null;
    // Variables that do not coerce: Apollo's 400 with BAD_USER_INPUT, before anything ran.
    const variableValues = variables ?? undefined;
    if (getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {}, { maxErrors: 1 }).errors) return null;
    let contextValue: TContext;
    try {
      contextValue = await context();
    } catch {
      return null; // Apollo builds it again and reports the failure its way.
    }

    const request = { query, operationName: operationName ?? undefined, variables: variableValues, extensions: undefined, http };
    const response = { http: { status: undefined as number | undefined, headers: new HeaderMap() }, body: undefined as unknown };
    // The fields of Apollo's GraphQLRequestContext that plugins read, at the stages they read them.
    const requestContext = {
      logger,
      schema,
      request,
      response,
      contextValue,
      metrics: {},
      requestIsBatched: false,
      source: query,
      document,
      operation,
      operationName: operation.name?.value ?? null,
      errors: undefined as ReadonlyArray<GraphQLError> | undefined,
    };
    const listeners: GraphQLRequestListener<TContext>[] = [];
    for (const plugin of plugins) {
      const listener = await plugin.requestDidStart?.(requestContext as never);
      if (!listener) continue;
      for (const hook of Object.keys(listener)) {
        if (!SUPPORTED_HOOKS.has(hook)) throw new Error(`The lean execution path does not run the "${hook}" plugin hook; use SUBGRAPH_EXECUTION=apollo.`);
      }
      listeners.push(listener);
    }

    const finish = async (result: { data?: unknown; errors?: ReadonlyArray<GraphQLError>; extensions?: unknown }, defaultStatus?: number) => {
      let formatted;
      if (result.errors?.length) {
        requestContext.errors = result.errors;
        await Promise.all(listeners.map((l) => l.didEncounterErrors?.(requestContext as never)));
        const { formattedErrors, status, headers } = format(result.errors);
        formatted = formattedErrors;
        for (const [name, value] of headers) response.http.headers.set(name, value);
        if (status) response.http.status = status;
        else if (defaultStatus) response.http.status = defaultStatus;
        else if (result.data === undefined) response.http.status = 400;
      }
      response.body = { kind: 'single', singleResult: { ...result, errors: formatted } };
      await Promise.all(listeners.map((l) => l.willSendResponse?.(requestContext as never)));
      const single = (response.body as { singleResult: { data?: unknown; errors?: unknown; extensions?: unknown } }).singleResult;
      if (!response.http.headers.get('content-type')) response.http.headers.set('content-type', contentType);
      return {
        status: response.http.status,
        headers: response.http.headers,
        // Apollo's orderExecutionResultFields and prettyJSONStringify.
        body: { kind: 'complete' as const, string: JSON.stringify({ errors: single.errors, data: single.data, extensions: single.extensions }) + '\n' },
      };
    };

    try {
      await Promise.all(listeners.map((l) => l.didResolveOperation?.(requestContext as never)));
    } catch (error) {
      return finish({ errors: [toGraphQLError(error)] }, 500);
    }
    let result;
    try {
      const compiled = compiledQueries && !nullForDefaulted(operation, variableValues) ? compiledQueries.get(document, operationName ?? undefined) : null;
      result = compiled
        ? await runCompiled(compiled, contextValue, variableValues)
        : await execute({ schema, document, contextValue, variableValues, operationName: operationName ?? undefined });
    } catch (error) {
      return finish({ errors: [toGraphQLError(error)] }, 500);
    }
    return finish(result);
  };
  return { serve, plugin, documents };
}

/**
 * An explicit null for a variable that has a default: validation lets such a variable stand in a
 * non-null position, and graphql-js refuses the null there while executing (BAD_USER_INPUT, see
 * isArgumentCoercionError); graphql-jit does not (it skips a field under `@skip(if: null)`), so
 * such a request is executed by graphql-js.
 */
function nullForDefaulted(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): boolean {
  if (!variables || !operation.variableDefinitions?.length) return false;
  return operation.variableDefinitions.some((d) => d.defaultValue !== undefined && variables[d.variable.name.value] === null);
}

/** Apollo's ensureGraphQLError. */
function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const cause = error instanceof Error ? error : new GraphQLError(`Unexpected error value: ${String(error)}`);
  return cause instanceof GraphQLError ? cause : new GraphQLError(cause.message, { originalError: cause });
}
