import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, get, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/slowService.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

interface Child {
  process: ChildProcessWithoutNullStreams;
  url: string;
  logs: Array<Record<string, any>>;
  exited: Promise<{ code: number | null; at: number }>;
}

const children: Child[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
});

/** Start the fixture service on a free port and wait for its "ready" log line. */
async function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(TSX, [FIXTURE], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', LOG_PRETTY: 'false', ...env },
  });
  const logs: Array<Record<string, any>> = [];
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const entry = JSON.parse(line);
          logs.push(entry);
          if (entry.url) resolve(entry.url.replace('//localhost:', '//127.0.0.1:'));
        } catch {
          // not a log line
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    void exited.then(() => reject(new Error('service exited before it was ready')));
    setTimeout(() => reject(new Error('service did not start within 20 s')), 20_000).unref();
  });
  const started = { process: child, url, logs, exited };
  children.push(started);
  return started;
}

async function gql(url: string, query: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, string>; errors?: unknown[] } };
}

async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const match = /^http_requests_in_flight\{[^}]*\} (\d+)/m.exec(text);
  return Number(match?.[1] ?? 0) - 1; // minus this scrape
}

/** A probe on its own connection (no keep-alive reuse), so it measures the server and not the client pool. */
function freshGet(url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

type Attempt = { status: number; body: string } | { failed: 'refused' | 'no-response' | 'cut'; error: string };

/**
 * One POST over a keep-alive agent, telling apart how it failed: ECONNREFUSED (listener
 * closed), no response byte at all for this request (the connection was closed while the
 * server had no request in progress on it, so it never read this one: Node's
 * closeIdleConnections spares connections with a request in progress), or a response cut
 * off midway, which would be a lost request.
 */
function post(url: string, body: string, agent: Agent): Promise<Attempt> {
  return new Promise((resolve) => {
    let responded = false;
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      responded = true;
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (error) => resolve({ failed: 'cut', error: String(error) }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (responded) return resolve({ failed: 'cut', error: String(error) });
      resolve({ failed: error.code === 'ECONNREFUSED' ? 'refused' : 'no-response', error: String(error) });
    });
    req.end(body);
  });
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes every request in flight under load, answers not-ready while draining, then exits 0', async () => {
    const child = await startChild({ SHUTDOWN_TIMEOUT_MS: '10000', SHUTDOWN_DELAY_MS: '1500' });
    // 20 slow requests, all accepted and running before the signal.
    const slow = Array.from({ length: 20 }, (_, i) =>
      gql(child.url, `{ slow(ms: 1500, tag: "s${i}") }`).catch((error: Error) => ({ status: 0, body: { errors: [String(error.cause ?? error)] } })),
    );
    // Only now is the server known to be running all 20 (its in-flight gauge counts requests it has read).
    const deadline = Date.now() + 15_000;
    while ((await inFlight(child.url)) < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await inFlight(child.url)).toBe(20);
    // Steady load of fast requests from 8 workers until the server refuses connections.
    let stop = false;
    const agent = new Agent({ keepAlive: true });
    const outcomes = { ok: 0, refused: 0, noResponse: 0, lost: [] as string[] };
    const workers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop && i < 2000; i += 1) {
        const attempt = await post(child.url, JSON.stringify({ query: `{ slow(ms: 5, tag: "w${w}-${i}") }` }), agent);
        if ('failed' in attempt) {
          if (attempt.failed === 'refused') {
            outcomes.refused += 1;
            return;
          }
          if (attempt.failed === 'no-response') outcomes.noResponse += 1;
          else outcomes.lost.push(attempt.error);
        } else if (attempt.status === 200 && attempt.body === JSON.stringify({ data: { slow: `done:w${w}-${i}` } }) + '\n') {
          outcomes.ok += 1;
        } else {
          outcomes.lost.push(`HTTP ${attempt.status} ${attempt.body}`);
        }
      }
    });
    await new Promise((r) => setTimeout(r, 100)); // let the load run before the signal

    const signalled = Date.now();
    child.process.kill('SIGTERM');
    // Poll until the service has reacted to the signal: readiness must turn 503 before the listener closes.
    let ready = await freshGet(new URL('/health/ready', child.url));
    while (ready.status === 200 && Date.now() - signalled < 5000) ready = await freshGet(new URL('/health/ready', child.url));
    expect(ready.status).toBe(503);
    expect((JSON.parse(ready.body) as { checks: Record<string, string> }).checks.shutdown).toMatch(/draining/);

    const results = await Promise.all(slow);
    for (const [i, result] of results.entries()) expect(result).toEqual({ status: 200, body: { data: { slow: `done:s${i}` } } });
    const { code, at } = await child.exited;
    stop = true;
    await Promise.all(workers);
    agent.destroy();
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000); // SHUTDOWN_TIMEOUT_MS
    console.log(`SIGTERM under load: ${outcomes.ok} fast requests answered, ${outcomes.refused} workers refused after close, ${outcomes.noResponse} closed before the server read them, ${outcomes.lost.length} lost; 20/20 slow in-flight requests completed; exit after ${at - signalled} ms`);
    expect(outcomes.lost).toEqual([]);
    expect(outcomes.ok).toBeGreaterThan(20);
    // Server side: nothing it had started reading was cut.
    expect(child.logs.find((l) => l.msg === 'stopped')).toMatchObject({ requestsCut: 0, handedOff: [] });
  });

  it('waits for tracked work, and at the deadline aborts what is left so it hands off to recovery', async () => {
    const child = await startChild({ SHUTDOWN_TIMEOUT_MS: '2500' });
    const quick = gql(child.url, 'mutation { work(ms: 500, tag: "quick") }');
    const stuck = gql(child.url, 'mutation { work(ms: 60000, tag: "stuck") }');
    const deadline = Date.now() + 15_000;
    while ((await inFlight(child.url)) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const signalled = Date.now();
    child.process.kill('SIGTERM');
    expect(await quick).toEqual({ status: 200, body: { data: { work: 'worked:quick' } } });
    // The stuck request's response is cut or answered with the hand-off error; either way the process ends on time.
    await stuck.catch(() => undefined);
    const { code, at } = await child.exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeGreaterThanOrEqual(1500);
    expect(at - signalled).toBeLessThan(2500 + 3000); // deadline + the forced-exit margin (beyond it the code would be 1)
    expect(child.logs.some((l) => l.msg === 'work handed off to recovery' && l.tag === 'stuck')).toBe(true);
    expect(child.logs.some((l) => l.msg === 'work completed' && l.tag === 'quick')).toBe(true);
    const warning = child.logs.find((l) => l.msg?.startsWith('shutdown deadline reached'));
    expect(warning?.handedOff).toEqual(['work:stuck']);
  });
});

describe('process policy (runService)', () => {
  it('logs an unhandled rejection and keeps serving; an uncaught exception stops the process gracefully with exit 1', async () => {
    const child = await startChild({});
    expect((await gql(child.url, '{ dropRejection }')).body.data).toEqual({ dropRejection: 'dropped' });
    const deadline = Date.now() + 5000;
    while (!child.logs.some((l) => l.event === 'unhandledRejection') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(child.logs.find((l) => l.event === 'unhandledRejection')).toMatchObject({ level: 'error', action: 'continued', err: { message: 'dropped promise' } });
    expect((await gql(child.url, '{ slow(ms: 1, tag: "after") }')).body.data).toEqual({ slow: 'done:after' });

    await gql(child.url, '{ throwLater }');
    expect((await child.exited).code).toBe(1);
    expect(child.logs.find((l) => l.event === 'uncaughtException')).toMatchObject({ level: 'fatal', action: 'exited', err: { message: 'bug outside any request' } });
    expect(child.logs.some((l) => l.msg === 'stopped')).toBe(true); // drained like SIGTERM, not killed
  });
});
