import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { APOLLO_SERVER_ERROR_CODES, ErrorCode, isConnectionFailure } from '@ordergraph/core';

/** Codes whose messages are written for clients; anything else is masked in production. */
const CLIENT_SAFE_CODES = new Set<string>([...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR), ...APOLLO_SERVER_ERROR_CODES]);

/**
 * graphql-js suggests names ("Did you mean "PENDING"?") in variable coercion errors too, which
 * Apollo Server's `hideSchemaDetailsFromClientErrors` does not cover: with introspection off they
 * would still map the schema's enum values and input fields. Suggestion names never hold a `?`.
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;
const withoutSuggestions = (message: string) => message.replace(SUGGESTION, '');

/** A code whose message is written for clients: the request was wrong, the server is fine. */
export const isClientSafeCode = (code: unknown): boolean => typeof code === 'string' && CLIENT_SAFE_CODES.has(code);

/**
 * graphql-js checks some argument values only while executing, and throws a GraphQLError with no
 * code and no cause: a nullable variable with a default, sent as `null`, in a non-null argument
 * (`query($b: Boolean = false) { x @skip(if: $b) }` with `{"b": null}`), or a variable inside a
 * list or object literal. Validation cannot see it, and Apollo Server then called it
 * INTERNAL_SERVER_ERROR (masked, logged with a stack) on every service, and the gateway's cost
 * estimate "too large to estimate". The request was wrong: BAD_USER_INPUT, message kept.
 */
const ARGUMENT_COERCION = /^Argument "[^"]+" (?:of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null|was provided the variable)|has invalid value )/;
export function isArgumentCoercionError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  // A field argument's error is wrapped once more by graphql-js's locatedError (path added).
  const cause = error.originalError instanceof GraphQLError && error.originalError.message === error.message ? error.originalError : error;
  return cause.extensions.code === undefined && cause.originalError === undefined && ARGUMENT_COERCION.test(cause.message);
}

/**
 * The one decision "a lost dependency, not a bug": an error without a client-safe code whose
 * cause is a connection failure. formatError gives it SERVICE_UNAVAILABLE; useRequestTelemetry
 * counts and logs the code the client gets by asking here, so the two never disagree.
 */
export const isDependencyOutage = (code: unknown, error: unknown): boolean => !isClientSafeCode(code) && error !== undefined && isConnectionFailure(error);

/**
 * Production error masking: errors without a client-safe code become a generic
 * INTERNAL_SERVER_ERROR, so internal messages (SQL, stack traces) never reach clients.
 * In every mode, a lost dependency (database restarting, connection cut: see
 * isConnectionFailure) becomes SERVICE_UNAVAILABLE, and every SERVICE_UNAVAILABLE says
 * `retryable: true`, so a client knows to retry (with its idempotencyKey) instead of
 * guessing whether a 500 placed its order.
 */
export function createFormatError(exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    const result = mask(formatted, exposeDetails, error);
    if (result.extensions?.code !== ErrorCode.SERVICE_UNAVAILABLE) return result;
    return { ...result, extensions: { ...result.extensions, retryable: true } };
  };
}

function mask(formatted: GraphQLFormattedError, exposeDetails: boolean, error: unknown): GraphQLFormattedError {
  if (isDependencyOutage(formatted.extensions?.code, error)) {
    return {
      message: 'A service this request needs is unavailable right now (its database cannot be reached). Try again shortly.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, ...(exposeDetails ? { cause: formatted.message } : {}) },
    };
  }
  if (isArgumentCoercionError(error)) {
    const { stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return {
      ...formatted,
      message: withoutSuggestions(formatted.message),
      extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT, ...(exposeDetails && stacktrace ? { stacktrace } : {}) },
    };
  }
  if (exposeDetails) return formatted;
  if (isCodelessRequestError(error)) {
    // Apollo Server refuses some requests with a 4xx and no code (a persisted query whose hash
    // does not match its query, an unsupported persisted-query version): the request was wrong.
    return { message: formatted.message, extensions: { code: ErrorCode.BAD_REQUEST } };
  }
  if (isClientSafeCode(formatted.extensions?.code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: withoutSuggestions(formatted.message), extensions };
  }
  return {
    message: 'Internal server error.',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * An error Apollo Server raised about the HTTP request itself: no code of its own, but an HTTP
 * status of 4xx (`extensions.http`). Its message is Apollo's, written for clients.
 */
function isCodelessRequestError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined || error.originalError) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
