import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Prometheus registry per service (never prom-client's global one): the in-process
 * stack runs five services in one process and each serves only its own `/metrics`.
 * Default Node metrics include `nodejs_eventloop_lag_seconds` and its percentiles.
 */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

/** Latency buckets in seconds, from 2.5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
