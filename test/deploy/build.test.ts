// The production build for real: compile (scripts/build.mjs), then start the gateway from its
// dist/ with plain `node` under the production export condition, as the image does. A workspace
// import that still resolved to TypeScript would fail to load (no tsx here).
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers.js';

it('compiles, and the gateway starts with `node dist/index.js` and answers GraphQL', { timeout: 60_000 }, async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const child = spawn(process.execPath, ['--conditions=production', 'dist/index.js'], {
    cwd: path.join(ROOT, 'gateway'),
    env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_PRETTY: 'false', JWKS_URL: 'http://127.0.0.1:9/jwks.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    // The URL it listens on, from its "ready" log line (it picked a free port).
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk;
        const ready = /ready at (http:\/\/\S+)/.exec(out);
        if (ready) resolve(ready[1]!);
      });
      child.stderr.on('data', (chunk: Buffer) => (out += chunk));
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
    });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  } finally {
    child.kill('SIGTERM');
  }
});
