import { context, propagation, trace } from '@opentelemetry/api';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { FetchFailure, GatewayMetrics } from '@ordergraph/telemetry';

function failureOf(error: unknown): FetchFailure {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
}

/**
 * The fetcher one subgraph's data source uses: times every fetch (until response headers)
 * by subgraph, classifies failures, and propagates the W3C trace context (`traceparent`)
 * of the gateway's active `gateway.fetch` span so the subgraph continues the same trace.
 */
export function instrumentFetcher(fetcher: Fetcher, subgraph: string, metrics: GatewayMetrics): Fetcher {
  return async (url, init) => {
    let request = init;
    if (trace.getActiveSpan()?.isRecording()) {
      const headers: Record<string, string> = { ...init?.headers };
      propagation.inject(context.active(), headers);
      request = { ...init, headers };
    }
    const started = performance.now();
    try {
      const response = await fetcher(url, request);
      const failure: FetchFailure | null = response.ok ? null : response.status >= 500 ? 'http_5xx' : 'http_4xx';
      metrics.observeFetch(subgraph, (performance.now() - started) / 1000, failure);
      return response;
    } catch (error) {
      metrics.observeFetch(subgraph, (performance.now() - started) / 1000, failureOf(error));
      throw error;
    }
  };
}
