import type { GraphQLFormattedError } from 'graphql';
import { APOLLO_SERVER_ERROR_CODES, ErrorCode } from '@ordergraph/core';

/** Codes whose messages are written for clients; anything else is masked in production. */
const CLIENT_SAFE_CODES = new Set<string>([...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR), ...APOLLO_SERVER_ERROR_CODES]);

/**
 * Production error masking: errors without a client-safe code become a generic
 * INTERNAL_SERVER_ERROR, so internal messages (SQL, stack traces) never reach clients.
 */
export function createFormatError(exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    if (exposeDetails) return formatted;
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_SAFE_CODES.has(code)) {
      const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
