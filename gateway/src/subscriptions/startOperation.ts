import type { ApolloServer } from '@apollo/server';
import type { FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { DEFAULT_MAX_INPUT_DEPTH, ErrorCode, findTooDeepInput, tooDeepMessage } from '@ordergraph/core';
import type { GatewayContext } from '../context.js';
import type { IncrementalItem } from '../incremental/deferredPayload.js';
import type { IncrementalSlot } from '../incremental/IncrementalDeliveryGateway.js';
import type { PlannedSubscription, SubscriptionSlot } from './types.js';

/** One operation as a streaming transport (WebSocket, SSE, multipart HTTP) receives it. */
export interface OperationRequest {
  query?: string | null;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

export type StartedOperation =
  /** Refused before execution: parse, validation, limits, auth, budget. */
  | { kind: 'refused'; errors: readonly GraphQLFormattedError[] }
  /** A query or mutation, executed. */
  | { kind: 'result'; result: FormattedExecutionResult }

  /** A subscription, planned: the transport runs it with FederatedSubscriptions. */
  | { kind: 'subscription'; planned: PlannedSubscription };

/** A query with deferred fragments, for a client that accepts incremental delivery: the first part, and the rest to come. */
export interface StartedIncremental {
  kind: 'incremental';
  initial: FormattedExecutionResult;
  subsequent: Promise<IncrementalItem[]>;
}

/**
 * Run one operation through Apollo Server exactly as an HTTP request would go (parse, limits,
 * trusted documents, APQ, operation budget, authorization, cost), with a subscription slot in
 * the context: for a subscription our executor returns the plan instead of executing.
 */
export function startOperation(
  apollo: ApolloServer<GatewayContext>,
  context: Omit<GatewayContext, 'subscription'>,
  request: OperationRequest,
  maxInputDepth = DEFAULT_MAX_INPUT_DEPTH,
): Promise<StartedOperation> {
  return run(apollo, context, request, undefined, maxInputDepth) as Promise<StartedOperation>;
}

/** startOperation, plus `@defer` delivered in parts when the client accepts it. */
export function startIncrementalOperation(
  apollo: ApolloServer<GatewayContext>,
  context: Omit<GatewayContext, 'subscription'>,
  request: OperationRequest,
  acceptsIncremental: boolean,
  maxInputDepth = DEFAULT_MAX_INPUT_DEPTH,
): Promise<StartedOperation | StartedIncremental> {
  return run(apollo, context, request, acceptsIncremental ? {} : undefined, maxInputDepth);
}

async function run(
  apollo: ApolloServer<GatewayContext>,
  context: Omit<GatewayContext, 'subscription'>,
  request: OperationRequest,
  incremental: IncrementalSlot | undefined,
  maxInputDepth: number,
): Promise<StartedOperation | StartedIncremental> {
  // As on the HTTP path: nothing below may walk input nested deeper than the limit.
  const tooDeep = findTooDeepInput(request, maxInputDepth);
  if (tooDeep) return { kind: 'refused', errors: [{ message: tooDeepMessage(tooDeep, maxInputDepth), extensions: { code: ErrorCode.BAD_USER_INPUT } }] };
  const slot: SubscriptionSlot = {};
  const response = await apollo.executeOperation(
    {
      query: request.query || undefined,
      variables: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
      extensions: request.extensions ?? undefined,
    },
    { contextValue: { ...context, subscription: slot, incremental } },
  );
  if (response.body.kind !== 'single') {
    return { kind: 'refused', errors: [{ message: '@defer and @stream are not supported on this transport.', extensions: { code: 'BAD_REQUEST' } }] };
  }
  const result = response.body.singleResult as FormattedExecutionResult;
  if (slot.planned) return { kind: 'subscription', planned: slot.planned };
  if (result.data === undefined) return { kind: 'refused', errors: result.errors ?? [] };
  if (incremental?.subsequent) return { kind: 'incremental', initial: result, subsequent: incremental.subsequent };
  return { kind: 'result', result };
}

/**
 * A result as a client receives it: errors (GraphQLErrors of the executor, or already formatted
 * ones from a subgraph) through the gateway's `formatError`, which masks internals in production.
 */
export function formatResult<T extends { errors?: readonly unknown[] }>(result: T, formatError: (e: GraphQLFormattedError) => GraphQLFormattedError): FormattedExecutionResult {
  if (!result.errors?.length) return result as FormattedExecutionResult;
  const errors = result.errors.map((e) => formatError(typeof (e as GraphQLError).toJSON === 'function' ? (e as GraphQLError).toJSON() : (e as GraphQLFormattedError)));
  return { ...(result as FormattedExecutionResult), errors };
}
