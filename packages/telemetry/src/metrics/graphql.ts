import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './registry.js';
import { errorCodeLabel, OperationLabeler } from './labels.js';

export type Outcome = 'success' | 'partial' | 'error';

/** Request-level metrics every GraphQL service (gateway and subgraphs) records. */
export class GraphQLMetrics {
  private readonly duration: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly errors: Counter<'code'>;
  readonly inFlight: Gauge;
  readonly operations: OperationLabeler;

  constructor(
    registry: Registry,
    private readonly knownCodes: ReadonlySet<string>,
    maxOperations: number,
  ) {
    this.operations = new OperationLabeler(maxOperations);
    this.duration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL requests by operation name (capped), operation type and outcome (success, partial, error).',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors by extensions.code (unknown codes counted as OTHER).',
      labelNames: ['code'],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being served right now.',
      registers: [registry],
    });
  }

  /** @param operation a label from `operations.label()` */
  observeRequest(operation: string, type: string, outcome: Outcome, seconds: number): void {
    this.duration.observe({ operation, type, outcome }, seconds);
  }

  countError(code: unknown): void {
    this.errors.inc({ code: errorCodeLabel(code, this.knownCodes) });
  }
}
