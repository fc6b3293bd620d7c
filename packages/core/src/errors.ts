import { GraphQLError } from 'graphql';

/**
 * The one error vocabulary shared by the gateway and every subgraph. Clients may
 * branch on these values: they are part of the public contract and never change meaning.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  PRODUCT_UNAVAILABLE: 'PRODUCT_UNAVAILABLE',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  ORDER_IN_PROGRESS: 'ORDER_IN_PROGRESS',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  /** createProduct: another product already has this SKU. */
  SKU_TAKEN: 'SKU_TAKEN',
  /** An order's products are priced in more than one currency (one currency per order). */
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  /** setCustomerRole: the change would leave no ADMIN. */
  LAST_ADMIN: 'LAST_ADMIN',
  RATE_LIMITED: 'RATE_LIMITED',
  /** The operation's estimated cost is over the gateway's budget (Apollo Router's code). */
  COST_ESTIMATED_TOO_EXPENSIVE: 'COST_ESTIMATED_TOO_EXPENSIVE',
  /** Trusted-documents mode: the operation is not in the registered manifest (Apollo Router's code). */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  /** The HTTP request itself is malformed: invalid JSON, empty body, too many batched operations. */
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A subscription sent over plain HTTP: subscriptions are served over WebSocket (graphql-transport-ws) or SSE. */
  SUBSCRIPTIONS_NOT_SUPPORTED_OVER_HTTP: 'SUBSCRIPTIONS_NOT_SUPPORTED_OVER_HTTP',
  /** A WebSocket connection already runs the most subscriptions it may (`WS_MAX_SUBSCRIPTIONS_PER_CONNECTION`). */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** The gateway's supergraph changed: running subscriptions end with this error; subscribe again (Apollo Router's code). */
  SUBSCRIPTION_SCHEMA_RELOAD: 'SUBSCRIPTION_SCHEMA_RELOAD',
  /** A valid operation the query planner cannot plan on this supergraph (a field no subgraph can reach from there; Apollo Router's code). */
  QUERY_PLANNING_FAILED: 'QUERY_PLANNING_FAILED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes Apollo Server itself puts on errors, before our code runs (parsing, validation, APQ). */
export const APOLLO_SERVER_ERROR_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
] as const;

export interface AppErrorOptions {
  /** Extra, client-safe details placed under `extensions`. */
  details?: Record<string, unknown>;
  /** The underlying error, kept for logs; never serialised to clients. */
  cause?: unknown;
  /**
   * HTTP status for the whole response. Only for errors raised before execution (the
   * gateway's authentication): a subgraph must answer 200 so the gateway merges its errors.
   */
  httpStatus?: number;
}

/** Build a GraphQL error with a stable `extensions.code`. */
export function appError(code: ErrorCode, message: string, options: AppErrorOptions = {}): GraphQLError {
  return new GraphQLError(message, {
    originalError: options.cause instanceof Error ? options.cause : undefined,
    extensions: { code, ...options.details, ...(options.httpStatus ? { http: { status: options.httpStatus } } : {}) },
  });
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  appError(ErrorCode.BAD_USER_INPUT, message, { details });
export const unauthenticated = (message = 'You must be signed in to do this. Send a valid bearer token.') =>
  appError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this.') => appError(ErrorCode.FORBIDDEN, message);
/** A rate limit was hit; `retryAfter` is in whole seconds (also sent as the Retry-After header at HTTP level). */
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  appError(ErrorCode.RATE_LIMITED, `${message} Try again in ${retryAfterSeconds} s.`, { details: { retryAfter: retryAfterSeconds } });
export const notFound = (what: string, id: string) =>
  appError(ErrorCode.NOT_FOUND, `${what} "${id}" was not found.`, { details: { id } });
