import { isConnectionFailure } from '@ordergraph/core';
import type { Logger } from '@ordergraph/telemetry';

export interface ProcessPolicyOptions {
  logger: Logger;
  /** Counts each error by what was done with it. */
  count?: (kind: 'unhandledRejection' | 'uncaughtException', action: 'continued' | 'exited') => void;
  /** Stop gracefully and exit non-zero (for the supervisor to restart); called at most once. */
  fatal: (error: unknown) => void;
  /** @default process */
  target?: NodeJS.EventEmitter;
}

/**
 * The safety net under every service process (requests own their errors; this catches what
 * escaped them):
 * - `unhandledRejection`: logged with the reason and kept serving. A dropped promise lost
 *   only its own result; durable state changes run in database transactions (rolled back)
 *   and sagas resume from the order row, so no in-memory state is left half-changed.
 * - `uncaughtException` that is a connection failure (a socket or database connection
 *   emitting 'error' with nobody listening): logged and kept serving; pools reconnect.
 * - any other `uncaughtException`: a synchronous throw that unwound through code that may
 *   have been half-way through changing shared state, so the process is not trusted: logged
 *   as fatal, then a graceful stop (requests drained, saga steps handed to recovery) and
 *   exit 1 so the supervisor starts a clean process.
 * @returns uninstall
 */
export function installProcessPolicy(options: ProcessPolicyOptions): () => void {
  const { logger, target = process } = options;
  let exiting = false;
  const onRejection = (reason: unknown) => {
    options.count?.('unhandledRejection', 'continued');
    logger.error({ err: reason, event: 'unhandledRejection', action: 'continued' }, 'unhandled promise rejection; still serving');
  };
  const onException = (error: unknown) => {
    if (isConnectionFailure(error)) {
      options.count?.('uncaughtException', 'continued');
      logger.error({ err: error, event: 'uncaughtException', action: 'continued' }, 'uncaught connection error; still serving');
      return;
    }
    options.count?.('uncaughtException', 'exited');
    logger.fatal({ err: error, event: 'uncaughtException', action: 'exited' }, 'uncaught exception; stopping for a restart');
    if (exiting) return;
    exiting = true;
    options.fatal(error);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
