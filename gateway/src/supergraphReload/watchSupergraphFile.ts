import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '@ordergraph/telemetry';

/** Writes come in bursts (truncate, write, write…): read once they settle. */
const SETTLE_MS = 100;

/**
 * Call `changed` when the file changes. The directory is watched, not the file: deploy tools
 * and Kubernetes ConfigMaps replace a file by renaming another over it, which a watch on the
 * file itself (its old inode) never sees.
 */
export function watchSupergraphFile(path: string, changed: () => void, logger: Logger): { close(): void } {
  const name = basename(path);
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    timer = null;
    try {
      changed();
    } catch (error) {
      // Unreadable for a moment (between unlink and rename): the next event reads it again.
      logger.warn({ err: error, path }, 'supergraph file not readable');
    }
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(dirname(path), (_event, filename) => {
      if (filename !== null && filename !== name && !String(filename).startsWith('..data')) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, SETTLE_MS);
    });
  } catch (error) {
    logger.warn({ err: error, path }, 'cannot watch the supergraph file; it will not be reloaded');
    return { close: () => undefined };
  }
  watcher.unref();
  watcher.on('error', (error) => logger.warn({ err: error, path }, 'supergraph file watch failed'));
  return {
    close: () => {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
