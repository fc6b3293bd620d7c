import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Run in a fresh process: what a gateway process loads is the point, and the test runner's own
// process has loaded everything already. CommonJS modules (pg, the OpenTelemetry SDK's builds)
// show up in require.cache.
const SCRIPT = `
  const { createRequire } = await import('node:module');
  const cache = createRequire(import.meta.url).cache;
  const loaded = (pattern) => Object.keys(cache).some((file) => pattern.test(file));
  await import('@ordergraph/gateway');
  const { installTracing } = await import('@ordergraph/telemetry');
  const off = installTracing({ serviceName: 'footprint', otlpEndpoint: null });
  const before = { sdk: loaded(/@opentelemetry[+/]sdk-trace[@/]/), pg: loaded(/node_modules[/].pnpm[/]pg@/), owner: off.owner };
  const on = installTracing({ serviceName: 'footprint', otlpEndpoint: 'http://127.0.0.1:9' });
  const after = { sdk: loaded(/@opentelemetry[+/]sdk-trace[@/]/), owner: on.owner };
  await on.shutdown().catch(() => undefined);
  console.log(JSON.stringify({ before, after }));
`;

describe('gateway process footprint', () => {
  it('loads neither the tracing SDK (until tracing is on) nor the database packages', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const { before, after } = JSON.parse(out.trim().split('\n').at(-1) as string);
    expect(before).toEqual({ sdk: false, pg: false, owner: false });
    // The same check sees the SDK once tracing is installed: it can fail.
    expect(after).toEqual({ sdk: true, owner: true });
  }, 90_000);
});
