/**
 * Bounded label values. Every label we emit comes from a closed set or passes through one
 * of these, so a client cannot create unbounded time series.
 */

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const STATUS = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * Operation names as metric labels: the first `max` distinct valid names are kept, later
 * ones become "other". One instance per service (it is per-service state, not global).
 */
export class OperationLabeler {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  label(operationName: string | null | undefined): string {
    if (operationName === null || operationName === undefined || operationName === '') return 'anonymous';
    if (this.seen.has(operationName)) return operationName;
    if (!GRAPHQL_NAME.test(operationName)) return 'invalid';
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(operationName);
    return operationName;
  }
}

/** Error codes as labels: the shared vocabulary plus Apollo's; anything else is "OTHER". */
export function errorCodeLabel(code: unknown, known: ReadonlySet<string>): string {
  return typeof code === 'string' && known.has(code) ? code : 'OTHER';
}

/** A business status such as "confirmed": lower-case identifier, else "other". */
export function statusLabel(status: string): string {
  const value = status.toLowerCase();
  return STATUS.test(value) ? value : 'other';
}

/** An ISO-4217 currency code, else "other". */
export function currencyLabel(currency: string): string {
  return /^[A-Z]{3}$/.test(currency) ? currency : 'other';
}

/** The statement kind of a SQL string: SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, ROLLBACK or OTHER. */
export function sqlOperationLabel(sql: string): string {
  const match = /^\s*([A-Za-z]+)/.exec(sql);
  const word = match?.[1]?.toUpperCase();
  switch (word) {
    case 'SELECT':
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'BEGIN':
    case 'COMMIT':
    case 'ROLLBACK':
    case 'WITH':
      return word;
    default:
      return 'OTHER';
  }
}
