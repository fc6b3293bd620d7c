import { GraphQLError, type GraphQLErrorExtensions, type GraphQLFormattedError } from 'graphql';

export type FormatErrorFn = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** `extensions.http` as Apollo Server reads it from an error: a status and/or headers to send. */
function httpOf(value: unknown): { status?: number; headers?: Map<string, string> } | null {
  if (!value || typeof value !== 'object') return null;
  const { status, headers } = value as { status?: unknown; headers?: unknown };
  if (status !== undefined && typeof status !== 'number') return null;
  if (headers !== undefined && !(headers instanceof Map)) return null;
  return value as { status?: number; headers?: Map<string, string> };
}

/**
 * Apollo Server's `normalizeAndFormatErrors` (errorNormalize.ts), which it does not export: every
 * error gets a code (INTERNAL_SERVER_ERROR when it has none), its `extensions.http` becomes the
 * response's status and headers, the stack is added when asked, then `formatError` runs; an error
 * thrown by formatError itself becomes a generic internal error.
 */
export function formatErrors(errors: ReadonlyArray<GraphQLError>, formatError: FormatErrorFn, includeStacktrace: boolean) {
  let status: number | undefined;
  const headers = new Map<string, string>();
  const enrich = (error: unknown): GraphQLFormattedError => {
    const graphqlError = error instanceof GraphQLError ? error : new GraphQLError(String((error as Error)?.message ?? error), { originalError: error as Error });
    const extensions: GraphQLErrorExtensions = { ...graphqlError.extensions, code: graphqlError.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
    const http = httpOf(extensions.http);
    if (http) {
      if (http.status) status = http.status;
      for (const [name, value] of http.headers ?? []) headers.set(name, value);
      delete extensions.http;
    }
    if (includeStacktrace) extensions.stacktrace = graphqlError.stack?.split('\n');
    return { ...graphqlError.toJSON(), extensions };
  };
  const formattedErrors = errors.map((error) => {
    try {
      return formatError(enrich(error), error);
    } catch (formattingError) {
      return includeStacktrace ? enrich(formattingError) : { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
  return { formattedErrors, status, headers };
}
