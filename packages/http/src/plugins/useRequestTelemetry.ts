import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '@ordergraph/core';
import type { Outcome, ServiceTelemetry } from '@ordergraph/telemetry';
import { isArgumentCoercionError, isClientSafeCode, isDependencyOutage } from '../formatError.js';

export interface RequestTelemetryOptions {
  telemetry: ServiceTelemetry;
  /** Extra per-error handling (the gateway counts subgraph errors here). */
  onError?: (error: GraphQLError) => void;
}

/** Header the gateway's readiness probe sets on its `{ __typename }` queries to subgraphs. */
export const PROBE_HEADER = 'x-ordergraph-probe';

/**
 * "The server broke" rather than "the request was wrong": logged at error level with the stack.
 * A client error has a client-safe code or a 4xx HTTP status (Apollo Server's APQ errors carry
 * only the status), and is logged at info without a stack: it needs no operator.
 */
function isInternal(error: GraphQLError): boolean {
  if (isClientSafeCode(error.extensions?.code)) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return !(typeof status === 'number' && status >= 400 && status < 500);
}

interface Caller {
  requestId?: string;
  identity?: { customerId?: string } | null;
}

function outcomeOf(rc: GraphQLRequestContextWillSendResponse<BaseContext>, errors: number): Outcome {
  if (errors === 0) return 'success';
  const body = rc.response.body;
  const data = body.kind === 'single' ? body.singleResult.data : undefined;
  return data ? 'partial' : 'error';
}

/**
 * One log line, one duration observation and error counts per GraphQL request, on the
 * gateway and on every subgraph. Fields: request id, trace/span id, operation, service,
 * customer id, duration, outcome, error codes. Never variables, headers or results.
 */
export function useRequestTelemetry<TContext extends BaseContext>(options: RequestTelemetryOptions): ApolloServerPlugin<TContext> {
  const { telemetry, onError } = options;
  const { logger, graphql: metrics } = telemetry;
  return {
    async requestDidStart({ contextValue, request }) {
      // Readiness probes arrive every few seconds per gateway replica: not traffic, so neither
      // logged nor measured. Honoured on subgraphs only, which are not reachable from outside.
      if (telemetry.service !== 'gateway' && request.http?.headers.get(PROBE_HEADER) === 'readiness') return;
      const started = performance.now();
      const span = trace.getActiveSpan();
      let codes: string[] | null = null;
      return {
        async didEncounterErrors({ errors }) {
          codes ??= [];
          for (const error of errors) {
            // A lost database is an outage, not a bug: formatError gives the client SERVICE_UNAVAILABLE,
            // and the metric and the log say the same (one warn line, no stack per request).
            const outage = isDependencyOutage(error.extensions?.code, error);
            const badArgument = !outage && isArgumentCoercionError(error);
            const internal = !outage && !badArgument && isInternal(error);
            const code = outage
              ? ErrorCode.SERVICE_UNAVAILABLE
              : badArgument
                ? ErrorCode.BAD_USER_INPUT
                : typeof error.extensions?.code === 'string'
                ? error.extensions.code
                : internal
                  ? ErrorCode.INTERNAL_SERVER_ERROR
                  : ErrorCode.BAD_REQUEST;
            codes.push(code);
            metrics.countError(code);
            // Counted where the limit tripped: the gateway's operation budget, or a subgraph's
            // @rateLimit field (which the gateway then only relays, tagged with serviceName).
            if (code === ErrorCode.RATE_LIMITED && error.extensions?.serviceName === undefined) {
              telemetry.traffic.rateLimitRejected(telemetry.service === 'gateway' ? 'operation' : 'field');
            }
            onError?.(error);
            if (outage) logger.warn({ code, reason: String((error.originalError ?? error).message).slice(0, 200), path: error.path }, 'dependency unavailable in GraphQL request');
            else if (internal) logger.error({ err: error.originalError ?? error, path: error.path }, 'internal error in GraphQL request');
            else logger.info({ code, reason: error.message.slice(0, 200), path: error.path }, 'client error in GraphQL request');
          }
        },
        async willSendResponse(rc) {
          const seconds = (performance.now() - started) / 1000;
          const operationName = rc.operationName ?? request.operationName ?? null;
          const operation = rc.operation ? metrics.operations.label(operationName) : 'unresolved';
          const type = rc.operation?.operation ?? 'none';
          const outcome = outcomeOf(rc, codes?.length ?? 0);
          metrics.observeRequest(operation, type, outcome, seconds);
          const caller = contextValue as Caller;
          const requestId = caller.requestId ?? request.http?.headers.get('x-request-id') ?? undefined;
          if (requestId && telemetry.service === 'gateway') rc.response.http.headers.set('x-request-id', requestId);
          if (span?.isRecording()) {
            if (operationName) span.setAttribute('graphql.operation.name', operationName);
            span.setAttribute('graphql.operation.type', type);
          }
          if (!logger.isLevelEnabled('info')) return;
          const spanContext = span?.spanContext();
          logger.info(
            {
              requestId,
              traceId: spanContext && span?.isRecording() ? spanContext.traceId : undefined,
              spanId: spanContext && span?.isRecording() ? spanContext.spanId : undefined,
              operation: operationName?.slice(0, 100),
              type,
              customerId: caller.identity?.customerId,
              durationMs: Math.round(seconds * 10_000) / 10,
              status: rc.response.http.status ?? 200,
              outcome,
              errors: codes ?? undefined,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
