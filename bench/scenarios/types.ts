import type { BenchOptions } from '../lib/options.js';
import type { ScenarioResult } from '../lib/report.js';

/**
 * A benchmark scenario. To add one (e.g. orders, subscriptions): write
 * `scenarios/<name>.ts` exporting a `Scenario`, list it in `scenarios/index.ts`, and add a
 * `bench:<name>` script. `bench/lib` starts servers in child processes, runs the load from
 * another process and writes the results.
 */
export interface Scenario {
  name: string;
  run(options: BenchOptions): Promise<ScenarioResult>;
}
