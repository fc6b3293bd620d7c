import { ConfigError, type CommonConfig } from '@ordergraph/core';
import type { Service } from './service.js';

/**
 * Entry point for one service process: build, listen, and stop cleanly on SIGTERM/SIGINT.
 * Configuration errors are printed as they are (they name the variable) and exit with 1.
 */
export async function runService(
  name: string,
  build: () => Promise<{ config: Pick<CommonConfig, 'host' | 'port'>; service: Service }>,
): Promise<void> {
  let built: Awaited<ReturnType<typeof build>>;
  try {
    built = await build();
  } catch (error) {
    console.error(error instanceof ConfigError ? `${name}: ${error.message}` : error);
    process.exit(1);
  }
  const url = await built.service.start(built.config.port, built.config.host);
  console.log(`${name} ready at ${url}`);
  const shutdown = (signal: string) => {
    console.log(`${name}: ${signal} received, shutting down`);
    built.service.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
