import { ConfigError, type CommonConfig } from '@ordergraph/core';
import { installProcessPolicy } from './processPolicy.js';
import type { Service } from './service.js';

/** Beyond the configured deadline, the time allowed for flushing before a forced exit. */
const EXIT_MARGIN_MS = 3000;

/**
 * Entry point for one service process: build, listen, and stop gracefully on SIGTERM/SIGINT
 * (drain requests and tracked work, close pools) within SHUTDOWN_TIMEOUT_MS, else exit 1.
 * Configuration errors are printed as they are (they name the variable) and exit with 1.
 * Errors no code handled follow installProcessPolicy: most are logged and the process keeps
 * serving; an uncaught exception stops it gracefully with exit code 1.
 */
export async function runService(
  name: string,
  build: () => Promise<{ config: Pick<CommonConfig, 'host' | 'port' | 'shutdown'>; service: Service }>,
): Promise<void> {
  let built: Awaited<ReturnType<typeof build>>;
  try {
    built = await build();
  } catch (error) {
    console.error(error instanceof ConfigError ? `${name}: ${error.message}` : error);
    process.exit(1);
  }
  const { service, config } = built;
  const logger = service.telemetry.logger;
  const url = await service.start(config.port, config.host);
  // Supervisors and scripts wait for this line, so it is printed whatever LOG_LEVEL hides.
  if (logger.isLevelEnabled('info')) logger.info({ url }, `${name} ready at ${url}`);
  else console.log(`${name} ready at ${url}`);
  let stopping = false;
  // A signal stops with 0; a fatal error (see installProcessPolicy) stops the same way with 1.
  const shutdown = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdown.timeoutMs }, 'shutting down');
    // Last resort if something ignores the deadline (a hung close): never outlive the orchestrator's grace period.
    setTimeout(() => {
      logger.error('shutdown did not complete in time; exiting');
      logger.flush();
      process.exit(1);
    }, config.shutdown.timeoutMs + EXIT_MARGIN_MS).unref();
    service.stop().then(
      () => {
        logger.flush();
        process.exit(exitCode);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  installProcessPolicy({
    logger,
    count: (kind, action) => service.telemetry.health.processError(kind, action),
    fatal: () => shutdown('uncaughtException', 1),
  });
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
