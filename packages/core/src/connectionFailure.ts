/**
 * Whether an error means "a dependency (the database above all) cannot be reached right now" (restarting, down,
 * connection lost, closed), as opposed to a bug or a bad query. Such errors are retryable:
 * callers refuse the request with SERVICE_UNAVAILABLE and readiness reports not ready.
 *
 * Recognised wherever they sit in the cause chain (`cause`, `originalError`, Prisma's
 * `meta.driverAdapterError`): socket errors, PostgreSQL SQLSTATE class 08 (connection
 * exception) and 57P01–57P03 (administrator/crash shutdown, cannot connect now), 53300
 * (too many connections), the driver adapter's own kinds, Prisma's P1001/P1002/P1017
 * (cannot reach / timed out / server closed the connection), pg's "Connection terminated"
 * and a closed PGlite. Also "no connection within the time allowed": pg-pool's `timeout
 * exceeded when trying to connect` (connectionTimeoutMillis: PostgreSQL paused or saturated,
 * every pooled connection busy) and Prisma's P2028 `Unable to start a transaction in the given
 * time` (the same wait, inside $transaction): before, a paused PostgreSQL gave clients a masked
 * INTERNAL_SERVER_ERROR instead of a retryable SERVICE_UNAVAILABLE. And ioredis's "not
 * connected" errors (no offline queue, connection closed, retries per request used up): Redis
 * restarting is an outage too.
 */
export function isConnectionFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (matches(current as ErrorLike)) return true;
    const e = current as ErrorLike;
    current = e.meta?.driverAdapterError ?? e.cause ?? e.originalError;
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
  originalCode?: unknown;
  meta?: { driverAdapterError?: unknown };
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017']);
const MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|PGlite is closed|Cannot use a pool after calling end|terminating connection due to administrator command|timeout exceeded when trying to connect|Transaction API error: Unable to start a transaction in the given time|Stream isn't writeable and enableOfflineQueue options is false|Connection is closed\.|Reached the max retries per request limit)/;

function matches(e: ErrorLike): boolean {
  for (const code of [e.code, e.originalCode]) {
    if (typeof code !== 'string') continue;
    if (SOCKET_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  return typeof e.message === 'string' && MESSAGES.test(e.message);
}
