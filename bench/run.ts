// `pnpm bench [scenario…]`: run benchmark scenarios (all by default) and write
// bench/results/<scenario>.{json,md,svg} and bench/results/summary.md.
import { loadBenchOptions } from './lib/options.js';
import { writeResult } from './lib/report.js';
import { scenarios } from './scenarios/index.js';

const options = loadBenchOptions(process.env);
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !scenarios.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const scenario of scenarios.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  console.log(`\n▶ ${scenario.name}`);
  try {
    const result = await scenario.run(options);
    console.log(writeResult(result));
  } catch (error) {
    failed = true;
    console.error(`✖ ${scenario.name}:`, error);
  }
}
process.exit(failed ? 1 : 0);
