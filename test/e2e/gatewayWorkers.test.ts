import { spawn, execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../../gateway/src/index.ts', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** POST a GraphQL document on a connection of its own (agent: false), so the cluster may hand it to any worker. */
const graphqlOnNewConnection = (port: number, query: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });

describe('GATEWAY_WORKERS (cluster mode)', () => {
  it('runs N workers on one port, serves requests, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_PRETTY: 'false', HOST: '127.0.0.1', PORT: String(port), GATEWAY_WORKERS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while ((output.match(/gateway ready at/g) ?? []).length < 2) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`workers did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      // Node children only (tsx also starts an esbuild service process).
      const children = execFileSync('ps', ['-o', 'comm=', '--ppid', String(child.pid)]).toString().trim().split('\n');
      expect(children.filter((name) => name.trim() === 'node')).toHaveLength(2);
      const workerPids = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(child.pid)])
        .toString()
        .trim()
        .split('\n')
        .filter((line) => line.trim().endsWith('node'))
        .map((line) => Number(line.trim().split(/\s+/)[0]));
      // Both workers answer GraphQL, not only the health probe: each request's log line names
      // the pid of the worker that executed it.
      for (let i = 0; i < 20; i++) {
        const { status, body } = await graphqlOnNewConnection(port, `query Probe${i} { __typename }`);
        expect(status).toBe(200);
        expect(JSON.parse(body)).toEqual({ data: { __typename: 'Query' } });
      }
      const answeredBy = async () =>
        new Set(
          output
            .split('\n')
            .filter((line) => line.includes('"operation":"Probe'))
            .map((line) => (JSON.parse(line) as { pid: number }).pid),
        );
      await expect.poll(async () => [...(await answeredBy())].sort(), { timeout: 10_000 }).toEqual([...workerPids].sort());
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received');
  });

  it('rejects a bad GATEWAY_WORKERS value with a message naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { env: { ...process.env, GATEWAY_WORKERS: 'lots' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/GATEWAY_WORKERS: expected a number from 1 to 64, or auto \(received "lots"\)/);
  });
});
