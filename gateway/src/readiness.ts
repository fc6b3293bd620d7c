import type { ReadinessReport } from '@ordergraph/server/http';
import type { SubgraphEndpoint } from './supergraph.js';

const PROBE_TIMEOUT_MS = 2000;

async function probe(endpoint: SubgraphEndpoint): Promise<string> {
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.ok ? 'ok' : `HTTP ${response.status} from ${endpoint.url}`;
  } catch (error) {
    return `unreachable at ${endpoint.url}: ${(error as Error).message}`;
  }
}

/** Ready when the supergraph is loaded and every subgraph answers a trivial query. */
export async function checkReadiness(endpoints: SubgraphEndpoint[] | null): Promise<ReadinessReport> {
  if (!endpoints) return { ready: false, checks: { supergraph: 'not loaded yet' } };
  const results = await Promise.all(endpoints.map(async (e) => [`subgraph:${e.name}`, await probe(e)] as const));
  const checks = Object.fromEntries([['supergraph', 'ok'], ...results]);
  return { ready: results.every(([, status]) => status === 'ok'), checks };
}
