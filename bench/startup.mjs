#!/usr/bin/env node
// Start-up time and resident memory of one service process, as an operator sees them:
//   node bench/startup.mjs <port> [runs] -- <command…>
// e.g. node bench/startup.mjs 47000 3 -- node --conditions=production gateway/dist/index.js
// Spawns the command with PORT=<port>, polls /health/live every 20 ms until it answers 200,
// reads VmRSS from /proc a second later (once start-up work has settled), stops it with SIGTERM.
// Prints the median of `runs` and each run's figures.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const sep = process.argv.indexOf('--');
const [port, runs = '3'] = process.argv.slice(2, sep);
const [cmd, ...args] = process.argv.slice(sep + 1);
if (sep < 0 || !port || !cmd) {
  console.error('usage: node bench/startup.mjs <port> [runs] -- <command…>');
  process.exit(2);
}

async function once() {
  const started = performance.now();
  const child = spawn(cmd, args, { env: { ...process.env, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before answering`);
      if (performance.now() - started > 120_000) throw new Error('not live after 120 s');
      const ok = await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(20);
    }
    const ms = performance.now() - started;
    await sleep(1000);
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    return { ms: Math.round(ms), rssMb: Math.round(rssKb / 1024) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const results = [];
for (let i = 0; i < Number(runs); i++) results.push(await once());
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ command: [cmd, ...args].join(' '), startupMs: median(results.map((r) => r.ms)), rssMb: median(results.map((r) => r.rssMb)), runs: results }));
