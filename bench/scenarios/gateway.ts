import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATEWAY_QUERY } from '../fixed/query.js';
import { compareTargets, type Target } from '../lib/compare.js';
import { BENCH_DIR, spawnService, type ChildService } from '../lib/processes.js';
import { benchSecrets, graphql, startGateway } from '../lib/stack.js';
import type { Scenario } from './types.js';

const CONNECTIONS = 50;
/** The gateways share core 0; the subgraphs get core 1 (the load generator floats). */
const GATEWAY_CPU = '0';
const SUBGRAPHS_CPU = '1';

/**
 * The gateway engine alone, in the shape of public gateway benchmarks: four constant-data
 * subgraphs, one deeply nested query (~100 KB response), a unique header per request (no
 * inbound deduplication), subgraph deduplication off, each gateway pinned to one core without
 * a heap cap, 50 connections, ours and stock @apollo/gateway alternating rounds.
 */
export const gateway: Scenario = {
  name: 'gateway',
  async run(options) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-gateway-'));
    const supergraph = path.join(dir, 'supergraph.graphql');
    const subgraphs = await spawnService('fixed subgraphs', path.join(BENCH_DIR, 'servers/fixedSubgraphs.ts'), { args: [`--supergraph=${supergraph}`], cpus: SUBGRAPHS_CPU });
    // No heap cap here (BENCH_GATEWAY_NODE_OPTIONS aside): peak RSS is one of the results.
    const uncapped = { ...options, gatewayNodeArgs: options.gatewayNodeArgs.filter((a) => !a.startsWith('--max-old-space-size')) };
    const env = { SUPERGRAPH_PATH: supergraph, GATEWAY_DEDUP_SUBGRAPH_REQUESTS: 'false', GRAPHQL_MAX_COST: '1000000000', LOG_LEVEL: 'warn' };
    const secrets = benchSecrets();
    // Both as deployed, plain JavaScript under plain node: ours compiled (dist/), no tsx loader thread.
    const ours = await startGateway('ours', subgraphs, secrets, uncapped, env, GATEWAY_CPU, true);
    const stock = await startGateway('stock', subgraphs, secrets, uncapped, env, GATEWAY_CPU);
    // Same-run A/B of a setting: a second copy of ours with BENCH_GATEWAY_VARIANT_ENV on top.
    const variantEnv = parseVariantEnv(process.env.BENCH_GATEWAY_VARIANT_ENV);
    const variant = variantEnv ? await startGateway('ours', subgraphs, secrets, uncapped, { ...env, ...variantEnv }, GATEWAY_CPU, true) : null;
    const services = variant ? [ours, stock, variant] : [ours, stock];
    const labels = ['ours', 'stock', `ours ${process.env.BENCH_GATEWAY_VARIANT_ENV}`];
    try {
      const body = JSON.stringify({ query: GATEWAY_QUERY });
      const targets: Target[] = services.map((service, i) => ({
        label: labels[i]!,
        service,
        url: service.urls.gateway as string,
        body,
        headers: async () => ({}),
        uniqueHeader: 'x-bench-request',
        // 50 connections on one shared core: a slow gateway queues, it does not fail.
        timeoutSeconds: 60,
      }));
      const calls = await callsPerRequest(targets, subgraphs, body);
      const result = await compareTargets({
        scenario: 'gateway',
        title: 'Gateway engine: our gateway vs stock @apollo/gateway, constant-data subgraphs, one core each',
        description:
          'Four constant-data subgraphs (bench/fixed: users, products, inventory with a @requires, reviews), one query five entity levels deep ' +
          `(~100 KB response), a unique \`x-bench-request\` header per request, subgraph deduplication off, each gateway pinned to core ${GATEWAY_CPU} with taskset and no heap cap (ours compiled and started as deployed, with its V8 flag --heap-growing-percent=50; both under plain node), ` +
          `subgraphs on core ${SUBGRAPHS_CPU}, ${CONNECTIONS} connections, ${options.rounds} alternating rounds of ${options.durationSeconds} s after ${options.warmupSeconds} s warm-up each. Median of rounds; peak RSS is the maximum.`,
        targets,
        check: { module: fileURLToPath(new URL('../fixed/query.ts', import.meta.url)), export: 'checkGatewayBench' },
        options,
        baseline: 'stock',
        connections: CONNECTIONS,
      });
      result.notes.push(`Subgraph calls per request: ${targets.map((t) => `${t.label} ${calls[t.label]}`).join(', ')}.`);
      return result;
    } finally {
      await Promise.all(services.map((service) => service.stop()));
      await subgraphs.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** `NAME=value,NAME=value` (BENCH_GATEWAY_VARIANT_ENV) as an environment, or null when unset. */
function parseVariantEnv(text: string | undefined): Record<string, string> | null {
  if (!text) return null;
  const pairs = text.split(',').map((pair) => pair.split('='));
  if (pairs.some((pair) => pair.length !== 2 || !pair[0])) throw new Error(`BENCH_GATEWAY_VARIANT_ENV: expected NAME=value[,NAME=value], received ${JSON.stringify(text)}`);
  return Object.fromEntries(pairs);
}

/** Subgraph calls one request makes through each gateway; both must answer the same. */
async function callsPerRequest(targets: Target[], subgraphs: ChildService, body: string): Promise<Record<string, number>> {
  const total = async () => Object.values(await subgraphs.request<Record<string, number>>('calls')).reduce((a, b) => a + b, 0);
  const calls: Record<string, number> = {};
  const answers: string[] = [];
  for (const t of targets) {
    const before = await total();
    const answer = await graphql(t.url, body);
    calls[t.label] = (await total()) - before;
    if (answer.errors) throw new Error(`${t.label}: ${JSON.stringify(answer.errors).slice(0, 500)}`);
    answers.push(JSON.stringify(answer));
  }
  if (new Set(answers).size !== 1) throw new Error(`the gateways disagree:\n${answers.map((a) => a.slice(0, 300)).join('\n')}`);
  return calls;
}
