// The runner's requests (bench/lib/ipc.ts serves the same for TypeScript children) for children
// run by plain `node`: memory, and a CPU profile through the inspector.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** Answer the runner's requests (and `extraHandlers`' commands) until it disconnects; `stop` runs on SIGTERM. */
export function serveRunnerRequests(stop, extraHandlers = {}) {
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  const handlers = {
    memory: () => process.memoryUsage(),
    'profile-start': async () => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    },
    'profile-stop': async (file) => writeFileSync(file, JSON.stringify((await post('Profiler.stop')).profile)),
    ...extraHandlers,
  };
  process.on('message', (message) => {
    if (message?.type !== 'request') return;
    Promise.resolve(handlers[message.command]?.(message.args)).then(
      (value) => process.send?.({ type: 'reply', id: message.id, value }),
      (error) => process.send?.({ type: 'reply', id: message.id, value: { error: error.message } }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.once('SIGTERM', () => void stop().finally(() => process.exit(0)));
}
