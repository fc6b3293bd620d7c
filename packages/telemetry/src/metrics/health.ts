import { Counter, Gauge, type Registry } from 'prom-client';

/** Whether each dependency answers, and errors that reached the process-level policy. */
export class HealthMetrics {
  private readonly up: Gauge<'dependency'>;
  private readonly processErrors: Counter<'kind' | 'action'>;

  constructor(registry: Registry) {
    this.up = new Gauge({
      name: 'dependency_up',
      help: 'Whether a dependency answered its last readiness check (1) or not (0), e.g. database, redis.',
      labelNames: ['dependency'],
      registers: [registry],
    });
    this.processErrors = new Counter({
      name: 'process_errors_total',
      help: 'Errors no code handled (unhandledRejection, uncaughtException), by what the process did: continued or exited.',
      labelNames: ['kind', 'action'],
      registers: [registry],
    });
  }

  dependency(name: string, up: boolean): void {
    this.up.set({ dependency: name }, up ? 1 : 0);
  }

  processError(kind: 'unhandledRejection' | 'uncaughtException', action: 'continued' | 'exited'): void {
    this.processErrors.inc({ kind, action });
  }
}
