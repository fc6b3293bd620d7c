import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * The message protocol between the benchmark runner and the processes it forks. A child
 * announces `ready` once; the runner may then send numbered requests it answers.
 */
export type ChildMessage =
  | { type: 'ready'; urls: Record<string, string> }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'failed'; error: string };

export interface ParentRequest {
  type: 'request';
  id: number;
  /** What the child should do: `statements` (SQL counters), `rss`, or a child-specific command. */
  command: string;
  args?: unknown;
}

/**
 * CPU profiling of exactly the measured window (not start-up or idle time between runs),
 * through the inspector: `profile-start`, then `profile-stop` with the file to write.
 */
function profilerHandlers(): Record<string, (args: unknown) => unknown> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  return {
    'profile-start': async () => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    },
    'profile-stop': async (file) => {
      const { profile } = await post('Profiler.stop');
      writeFileSync(file as string, JSON.stringify(profile));
    },
  };
}

/** In a forked child: answer the runner's requests with `handlers` until it disconnects. */
export function serveRequests(own: Record<string, (args: unknown) => unknown>): void {
  const handlers: Record<string, (args: unknown) => unknown> = {
    ...profilerHandlers(),
    memory: () => process.memoryUsage(),
    // Full GC, then memory: tells retained memory from garbage not yet collected.
    'gc-memory': () => {
      setFlagsFromString('--expose-gc');
      (runInNewContext('gc') as () => void)();
      return process.memoryUsage();
    },
    // A heap snapshot (after a full GC) to the given file, for memory-per-connection analysis.
    'heap-snapshot': (file) => writeHeapSnapshot(file as string),
    ...own,
  };
  process.on('message', (raw) => {
    const message = raw as ParentRequest;
    if (message?.type !== 'request') return;
    const handler = handlers[message.command];
    Promise.resolve(handler ? handler(message.args) : undefined).then(
      (value) => process.send?.({ type: 'reply', id: message.id, value } satisfies ChildMessage),
      (error: Error) => process.send?.({ type: 'reply', id: message.id, value: { error: error.message } } satisfies ChildMessage),
    );
  });
  // The runner owns our lifetime: when it goes, we go.
  process.on('disconnect', () => process.exit(0));
}

export function announceReady(urls: Record<string, string>): void {
  process.send?.({ type: 'ready', urls } satisfies ChildMessage);
}

export function announceFailure(error: unknown): void {
  process.send?.({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChildMessage);
}
