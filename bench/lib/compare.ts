import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runLoad, type LoadJob, type LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import type { ChildService } from './processes.js';
import { RESULTS_DIR, type ScenarioResult } from './report.js';
import { median, round } from './stats.js';

export interface Target {
  label: string;
  /** The server process, for RSS. */
  service: ChildService;
  url: string;
  body: string;
  /** Request headers, asked again before every run (credentials may expire). */
  headers: () => Promise<Record<string, string>>;
  /**
   * Further processes serving this target (e.g. its subgraphs): their CPU per request is
   * reported one by one and summed (`processCpuMsPerRequest`, `extraCpuMsPerRequest`).
   */
  processes?: ChildService[];
  /** Ask for this response compression (see LoadJob.encoding). */
  encoding?: LoadJob['encoding'];
  /** See LoadJob.uniqueHeader. */
  uniqueHeader?: string;
  /** See LoadJob.timeoutSeconds. */
  timeoutSeconds?: number;
}

export interface CompareOptions {
  scenario: string;
  title: string;
  description: string;
  targets: Target[];
  check: LoadJob['check'];
  options: BenchOptions;
  /** Label of the target the others are divided by. */
  baseline: string;
  /** @default options.connections */
  connections?: number;
}

export type RoundResult = LoadResult & {
  peakRssBytes: number;
  label: string;
  round: number;
  cpuMsPerRequest: number;
  /** CPU ms per request of each of `Target.processes`, by name. */
  processCpuMsPerRequest: Record<string, number>;
};

/**
 * Warm every target up, then run `rounds` rounds in which each target gets the same fixed
 * duration, alternating which goes first; the machine is shared and noisy, so targets are
 * compared within one run and reported as medians and ratios.
 */
export async function compareTargets(c: CompareOptions): Promise<ScenarioResult> {
  const { options } = c;
  const connections = c.connections ?? options.connections;
  const job = async (t: Target, seconds: number): Promise<LoadJob> => ({
    url: t.url,
    body: t.body,
    headers: await t.headers(),
    connections,
    durationSeconds: seconds,
    check: c.check,
    ...(t.encoding ? { encoding: t.encoding } : {}),
    ...(t.uniqueHeader ? { uniqueHeader: t.uniqueHeader } : {}),
    ...(t.timeoutSeconds ? { timeoutSeconds: t.timeoutSeconds } : {}),
  });
  const failures: string[] = [];
  const record = (label: string, r: LoadResult) => {
    if (r.failed > 0) failures.push(`${label}: ${r.failed} of ${r.checked} responses failed the check; first: ${r.firstFailure}`);
  };
  if (options.cpuProfile) mkdirSync(path.join(RESULTS_DIR, 'profiles'), { recursive: true });
  if (options.warmupSeconds > 0) {
    for (const t of c.targets) record(`${t.label} warm-up`, await runLoad(await job(t, options.warmupSeconds)));
  }
  const rounds: RoundResult[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? c.targets : [...c.targets].reverse();
    for (const t of order) {
      const profile = options.cpuProfile && round === 0;
      const profiled = [t.service, ...(t.processes ?? [])];
      if (profile) await Promise.all(profiled.map((p) => p.request('profile-start')));
      const cpuBefore = t.service.cpuMs();
      const processesBefore = (t.processes ?? []).map((p) => p.cpuMs());
      const result = await runLoad(await job(t, options.durationSeconds), () => t.service.rss());
      if (profile) {
        const file = (p: ChildService) => `${c.scenario}-${t.label}${p === t.service ? '' : `-${p.name}`}.cpuprofile`.replace(/[^\w.-]+/g, '-');
        await Promise.all(profiled.map((p) => p.request('profile-stop', path.join(RESULTS_DIR, 'profiles', file(p)))));
      }
      // CPU the server process spent per request: unlike RPS, not capped by the shared subgraphs.
      const cpuMsPerRequest = (t.service.cpuMs() - cpuBefore) / Math.max(1, result.checked);
      const processCpuMsPerRequest = Object.fromEntries(
        (t.processes ?? []).map((p, i) => [p.name, (p.cpuMs() - processesBefore[i]!) / Math.max(1, result.checked)]),
      );
      record(`${t.label} round ${round + 1}`, result);
      rounds.push({ ...result, label: t.label, round: round + 1, cpuMsPerRequest, processCpuMsPerRequest });
      if (result.checked === 0) throw new Error(`${c.scenario}: ${t.label} answered no request in ${options.durationSeconds} s (raise BENCH_DURATION on a loaded machine)`);
      const perProcess = Object.entries(processCpuMsPerRequest).map(([name, ms]) => `${name} ${round2(ms)}`).join(', ');
      console.log(
        `  ${c.scenario} round ${round + 1} ${t.label}: ${round2(result.rps)} rps, p50 ${round2(result.latencyMs.p50)} ms, p99 ${round2(result.latencyMs.p99)} ms, ` +
          `${round2(cpuMsPerRequest)} CPU ms/request${perProcess ? ` (${perProcess})` : ''} (load generator ${round2(result.loadCpuMsPerRequest)})`,
      );
    }
  }
  if (failures.length > 0) throw new Error(`${c.scenario}: responses failed their checks:\n${failures.join('\n')}`);
  const summary = c.targets.map((t) => {
    const mine = rounds.filter((r) => r.label === t.label);
    return {
      label: t.label,
      rps: median(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.latencyMs.p50)),
      p95: median(mine.map((r) => r.latencyMs.p95)),
      p99: median(mine.map((r) => r.latencyMs.p99)),
      peakRssMb: Math.max(...mine.map((r) => r.peakRssBytes)) / 2 ** 20,
      cpuMsPerRequest: median(mine.map((r) => r.cpuMsPerRequest)),
      processCpuMsPerRequest: Object.fromEntries((t.processes ?? []).map((p) => [p.name, median(mine.map((r) => r.processCpuMsPerRequest[p.name]!))])),
      extraCpuMsPerRequest: median(mine.map((r) => Object.values(r.processCpuMsPerRequest).reduce((a, b) => a + b, 0))),
      requests: mine.reduce((s, r) => s + r.requests, 0),
      bytesPerResponse: median(mine.map((r) => r.bytesPerResponse)),
      loadCpuMsPerRequest: median(mine.map((r) => r.loadCpuMsPerRequest)),
    };
  });
  const base = summary.find((s) => s.label === c.baseline) ?? summary[0]!;
  return {
    scenario: c.scenario,
    title: c.title,
    description: c.description,
    table: {
      columns: ['target', 'RPS', 'p50 ms', 'p95 ms', 'p99 ms', 'peak RSS MB', 'CPU ms/request', 'RPS ×' + base.label, 'p99 ×' + base.label, 'CPU/request ×' + base.label, 'bytes/response', 'responses checked'],
      rows: summary.map((s) => [
        s.label,
        round(s.rps, 0),
        round(s.p50),
        round(s.p95),
        round(s.p99),
        round(s.peakRssMb, 0),
        round(s.cpuMsPerRequest, 3),
        round(s.rps / base.rps),
        round(s.p99 / base.p99),
        round(s.cpuMsPerRequest / base.cpuMsPerRequest),
        round(s.bytesPerResponse, 0),
        s.requests,
      ]),
    },
    notes: summary
      .filter((s) => Object.keys(s.processCpuMsPerRequest).length > 0)
      .map(
        (s) =>
          `${s.label}: ${round(s.extraCpuMsPerRequest, 3)} CPU ms/request in its other processes (` +
          Object.entries(s.processCpuMsPerRequest).map(([name, ms]) => `${name} ${round(ms, 3)}`).join(', ') +
          `), ${round(s.cpuMsPerRequest + s.extraCpuMsPerRequest, 3)} in all (/proc, median of rounds)`,
      ),
    charts: [
      { title: 'Throughput', unit: 'requests/s', groups: ['RPS'], series: summary.map((s) => ({ name: s.label, values: [round(s.rps, 0)] })) },
      { title: 'Server CPU per request', unit: 'ms', groups: ['CPU'], series: summary.map((s) => ({ name: s.label, values: [round(s.cpuMsPerRequest, 3)] })) },
      { title: 'Latency percentiles', unit: 'ms', groups: ['p50', 'p95', 'p99'], series: summary.map((s) => ({ name: s.label, values: [s.p50, s.p95, s.p99] })) },
    ],
    raw: { summary, rounds, connections },
  };
}

const round2 = (v: number) => round(v, 2);
