// Benchmark child process that generates the load (autocannon), so the load generator
// never shares an event loop with the server under test. It checks EVERY response:
// HTTP 200, JSON, no `errors`, and the scenario's own shape check. A body identical to one
// that already passed passes without being parsed again: as strict, and cheap enough that
// the load generator takes less of the shared cores from the server under test.
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './load.js';
import { percentile } from './stats.js';

type Check = (data: unknown, args: unknown) => string | null;

/** autocannon keeps header names as the server sent them. */
function contentEncoding(headers: IncomingHttpHeaders | undefined): string | undefined {
  for (const name in headers) if (name.toLowerCase() === 'content-encoding') return String(headers[name]);
  return undefined;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const module = (await import(job.check.module)) as Record<string, Check>;
  const check = module[job.check.export];
  if (typeof check !== 'function') throw new Error(`${job.check.module} does not export a function ${job.check.export}`);
  let checked = 0;
  let next = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  const latencies: number[] = [];
  const passed = new Set<string>();
  const fail = (why: string) => {
    failed += 1;
    firstFailure ??= why;
  };
  let finish: (error: Error | null, result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error) : resolve(result));
  });
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationSeconds,
    pipelining: 1,
    ...(job.timeoutSeconds ? { timeout: job.timeoutSeconds } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(job.encoding ? { 'accept-encoding': job.encoding } : {}), ...job.headers },
        body: job.body,
        // Rotate bodies when the scenario gives several (e.g. orders spread over products), and
        // number each request in `uniqueHeader` when asked.
        ...(job.bodies?.length || job.uniqueHeader
          ? {
              setupRequest: (request: any) => {
                const n = next++;
                return {
                  ...request,
                  ...(job.bodies?.length ? { body: job.bodies[n % job.bodies.length] } : {}),
                  ...(job.uniqueHeader ? { headers: { ...request.headers, [job.uniqueHeader]: `${process.pid}-${n}` } } : {}),
                };
              },
            }
          : {}),
        onResponse: (status: number, body: string, _context: unknown, headers: IncomingHttpHeaders | undefined) => {
          checked += 1;
          if (status !== 200) return fail(`HTTP ${status}: ${body.slice(0, 300)}`);
          const encoding = contentEncoding(headers);
          if (job.encoding) {
            if (encoding !== job.encoding) fail(`content-encoding ${encoding}, expected ${job.encoding}`);
            return;
          }
          if (encoding) return fail(`unrequested content-encoding ${encoding}`);
          if (passed.has(body)) return;
          let parsed: { data?: unknown; errors?: unknown[] };
          try {
            parsed = JSON.parse(body);
          } catch {
            return fail(`not JSON: ${body.slice(0, 300)}`);
          }
          if (parsed.errors) return fail(`errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`);
          const problem = check(parsed.data, job.check.args);
          if (problem) return fail(`shape: ${problem}`);
          if (passed.size < 16) passed.add(body);
        },
      },
    ],
  }, (error, result) => finish(error, result));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const cpuBefore = process.cpuUsage();
  const result = await done;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || job.durationSeconds),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
    checked,
    loadCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, checked),
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
    // Non-2xx responses already failed the status check above.
    failed: failed + result.errors + result.timeouts,
    firstFailure: firstFailure ?? (result.errors || result.timeouts ? `${result.errors} connection errors, ${result.timeouts} timeouts` : null),
  };
}

process.once('message', (job) => {
  run(job as LoadJob).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: Error) => process.send?.({ ok: false, error: error.stack ?? error.message }, () => process.exit(1)),
  );
});
