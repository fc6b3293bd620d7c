import { PROBE_HEADER, runReadinessChecks, type ReadinessCheck, type ReadinessReport } from '@ordergraph/http';
import type { SubgraphEndpoint } from './supergraph.js';

const PROBE_TIMEOUT_MS = 2000;

async function probe(endpoint: SubgraphEndpoint): Promise<string> {
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      // Subgraphs leave probes out of request logs and metrics (see useRequestTelemetry).
      headers: { 'content-type': 'application/json', [PROBE_HEADER]: 'readiness' },
      body: '{"query":"{ __typename }"}',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.ok ? 'ok' : `HTTP ${response.status} from ${endpoint.url}`;
  } catch (error) {
    return `unreachable at ${endpoint.url}: ${(error as Error).message}`;
  }
}

/**
 * Ready when the supergraph is loaded and every required subgraph answers a trivial query.
 * A subgraph that is down but not required is reported ("degraded: …") without failing
 * readiness, so replicas keep serving the rest of the graph.
 * @param required subgraph names, or null for all of them
 * @param extra other dependencies (Redis when configured), optional: the gateway serves without them
 * @param observe told each dependency's result (the `dependency_up` metric)
 */
export async function checkReadiness(
  endpoints: SubgraphEndpoint[] | null,
  required: string[] | null = null,
  extra: Record<string, ReadinessCheck> = {},
  observe?: (dependency: string, up: boolean) => void,
): Promise<ReadinessReport> {
  if (!endpoints) return { ready: false, checks: { supergraph: 'not loaded yet' } };
  const isRequired = (name: string) => required === null || required.includes(name);
  const checks: Record<string, ReadinessCheck> = { ...extra };
  for (const endpoint of endpoints) {
    checks[`subgraph:${endpoint.name}`] = isRequired(endpoint.name)
      ? () => probe(endpoint)
      : async () => {
          const status = await probe(endpoint);
          return status === 'ok' ? 'ok' : `degraded (not required): ${status}`;
        };
  }
  const report = await runReadinessChecks(checks, { timeoutMs: PROBE_TIMEOUT_MS + 500, optional: Object.keys(extra), observe });
  const degraded = Object.entries(report.checks).filter(([, status]) => status.startsWith('degraded')).map(([name]) => name);
  const ready = Object.entries(report.checks).every(([, status]) => status === 'ok' || status.startsWith('degraded'));
  return { ready, checks: { supergraph: 'ok', ...report.checks }, ...(degraded.length ? { degraded } : {}) };
}
