import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { FetchFailure, GatewayMetrics } from '@ordergraph/telemetry';
import type { GatewayContext } from '../context.js';
import { IdentityForwardingDataSource, type IdentityForwardingOptions } from '../IdentityForwardingDataSource.js';

export interface TelemetryDataSourceOptions {
  /** The subgraph's name in the supergraph (a closed set: safe as a metric label). */
  subgraph: string;
  metrics: GatewayMetrics;
  tracer: Tracer;
}

const headerSetter = { set: (carrier: Headers, key: string, value: string) => carrier.set(key, value) };

function failureOf(error: unknown): FetchFailure {
  const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  if (typeof status === 'number') return status >= 500 ? 'http_5xx' : 'http_4xx';
  // The data source wraps transport failures in SERVICE_UNAVAILABLE; the cause says which.
  const cause = ((error as { originalError?: unknown }).originalError ?? error) as { code?: string; name?: string };
  const code = cause.code ?? '';
  return code.includes('TIMEOUT') || cause.name === 'AbortError' ? 'timeout' : 'network';
}

/**
 * A subgraph fetch, observed: a CLIENT span per fetch whose W3C `traceparent` goes with the
 * request (the subgraph continues the trace), and fetch duration and failures by subgraph.
 * Works with either executor, since both go through the data source.
 */
export class TelemetryDataSource extends IdentityForwardingDataSource {
  constructor(
    options: IdentityForwardingOptions,
    private readonly telemetry: TelemetryDataSourceOptions,
  ) {
    super(options);
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    await super.willSendRequest(options);
    const headers = options.request.http?.headers as Headers | undefined;
    if (headers && trace.getActiveSpan()?.isRecording()) propagation.inject(context.active(), headers, headerSetter);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { subgraph, metrics, tracer } = this.telemetry;
    const span = tracer.startSpan(`subgraph ${subgraph}`, { kind: SpanKind.CLIENT, attributes: { 'ordergraph.subgraph': subgraph } });
    const started = performance.now();
    try {
      const response = await context.with(trace.setSpan(context.active(), span), () => super.process(options));
      metrics.observeFetch(subgraph, (performance.now() - started) / 1000, null);
      return response;
    } catch (error) {
      metrics.observeFetch(subgraph, (performance.now() - started) / 1000, failureOf(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  }
}
