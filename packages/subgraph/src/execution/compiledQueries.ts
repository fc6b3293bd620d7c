import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** How many lean executions of an operation graphql-js runs before it is compiled. */
export const COMPILE_AFTER_EXECUTIONS = 1;

type Entry = { executions: number } | CompiledQuery | null;
const isPending = (entry: Entry): entry is { executions: number } => entry !== null && 'executions' in entry;

/**
 * Compiled execution (graphql-jit) of the lean path's documents, per document and operation.
 * graphql-js interprets a document on every request (collects fields, coerces arguments, looks up
 * resolvers, completes values by type); graphql-jit turns one operation into a JavaScript function
 * once, which then does only the work that depends on the data. The lean path's documents are
 * the ones Apollo Server parsed and validated (LeanDocumentCache), so each is compiled at most once
 * while it stays cached (a WeakMap on the DocumentNode: an evicted document takes its compiled
 * functions with it). An operation is compiled on its second lean execution, not its first, so a
 * caller sending fresh documents pays no compilation for them. An operation graphql-jit refuses to
 * compile stays with graphql-js.
 *
 * graphql-jit's errors are its own GraphQLError look-alike (no `extensions` object when the cause
 * has none, not built by graphql-js's constructor); `runCompiled` rebuilds each as graphql-js's
 * `locatedError` would have (same message, locations, path, cause, extensions and stack), so error
 * formatting, masking and logging see the same errors as on graphql-js, and sets the list items
 * graphql-jit leaves out to null (nullErroredListItems). One difference stays: in a response with
 * several errors, graphql-jit lists the errors of non-null fields (null bubbling) after the others;
 * graphql-js lists all in the order they occurred. The lean executor sends a request with an
 * explicit null for a defaulted variable to graphql-js (see nullForDefaulted there).
 */
export class CompiledQueries {
  private readonly entries = new WeakMap<DocumentNode, Map<string, Entry>>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** The compiled operation, or null while graphql-js should execute it. */
  get(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    let byName = this.entries.get(document);
    if (!byName) this.entries.set(document, (byName = new Map()));
    const key = operationName ?? '';
    const entry = byName.get(key);
    if (entry === undefined) {
      byName.set(key, { executions: 1 });
      return null;
    }
    if (!isPending(entry)) return entry;
    if (entry.executions < COMPILE_AFTER_EXECUTIONS) {
      entry.executions++;
      return null;
    }
    const compiled = compile(this.schema, document, operationName);
    byName.set(key, compiled);
    return compiled;
  }
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  try {
    const compiled = compileQuery(schema, document, operationName, { customJSONSerializer: false });
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    return null;
  }
}

/** Runs a compiled operation; its errors become graphql-js GraphQLErrors (see CompiledQueries). */
export async function runCompiled(compiled: CompiledQuery, contextValue: unknown, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> {
  const result = await compiled.query(undefined, contextValue, variables ?? {});
  if (!result.errors?.length) return result;
  if (result.data) nullErroredListItems(result.data, result.errors);
  return { ...result, errors: result.errors.map(asGraphQLJsError) };
}

/**
 * A list item whose value is a rejected promise is left unset by graphql-jit (0.8.9): after the last
 * item that completed, the list is then shorter than the one the resolver returned (`[a, <rejected>]`
 * answered `[a]`), where graphql-js answers `[a, null]` with the item's error. The error's path names
 * the item: each errored item still unset in a list that is there is set to null. (A hole before
 * the last item already serialises as null.)
 */
function nullErroredListItems(data: Record<string, unknown>, errors: ReadonlyArray<GraphQLError>): void {
  for (const { path } of errors) {
    if (!path?.length) continue;
    const index = path[path.length - 1];
    if (typeof index !== 'number') continue;
    let parent: unknown = data;
    for (let i = 0; i < path.length - 1 && parent !== null && typeof parent === 'object'; i++) parent = (parent as Record<string | number, unknown>)[path[i]!];
    if (Array.isArray(parent) && parent[index] === undefined) parent[index] = null;
  }
}

const NULL_IN_NON_NULL = /^Cannot return null for non-nullable field [_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*\.$/;

/** graphql-js's `locatedError` for an error graphql-jit built. */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const cause = error.originalError;
  // A resolver threw a GraphQLError that already has a path: graphql-js hands that one on as is.
  if (cause instanceof GraphQLError && Array.isArray(cause.path)) return cause;
  // graphql-js's own errors while completing a value are located like a resolver's: a null in a
  // non-null field is a plain Error, anything else (a leaf that does not serialise, an abstract
  // type that does not resolve) a GraphQLError.
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: cause ?? (NULL_IN_NON_NULL.test(error.message) ? new Error(error.message) : new GraphQLError(error.message)),
  });
  if (error.locations?.length) Object.defineProperty(rebuilt, 'locations', { value: error.locations, enumerable: true, writable: true, configurable: true });
  return rebuilt;
}
