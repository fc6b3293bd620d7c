// ad-hoc: per-thread CPU of the gateway under load (temporary)
import { readFileSync, readdirSync } from 'node:fs';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { runLoad } from './lib/load.js';
import { loadBenchOptions } from './lib/options.js';
import { benchSecrets, credentials, startGateway, startReplay, startSubgraphs } from './lib/stack.js';
import { FEDERATED_QUERY } from './scenarios/federated.js';
import { fileURLToPath } from 'node:url';

const kind = (process.argv[2] ?? 'ours') as 'ours' | 'stock';
const options = loadBenchOptions(process.env);
const secrets = benchSecrets();
const real = await startSubgraphs(secrets, options);
const subgraphs = await startReplay(real);
const gw = await startGateway(kind, subgraphs, secrets, options, process.argv[3] ? { GATEWAY_EXECUTOR: process.argv[3] } : {});
const threads = (pid: number) => Object.fromEntries(readdirSync(`/proc/${pid}/task`).map((tid) => {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [`${tid}:${name}`, (Number(f[11]) + Number(f[12])) * 10];
}));
const admin = DEMO_CUSTOMERS.find((c) => c.role === 'ADMIN')!;
const body = JSON.stringify({ query: FEDERATED_QUERY, variables: { first: 10 } });
const job = async (s: number) => ({ url: gw.urls.gateway!, body, headers: await credentials(kind, { customerId: admin.id, role: admin.role }, secrets), connections: 16, durationSeconds: s, check: { module: fileURLToPath(new URL('./scenarios/federated.ts', import.meta.url)), export: 'checkFederated', args: 10 } });
console.log('idle', JSON.stringify(await gw.request('memory')));
await runLoad(await job(3));
const before = threads(gw.pid); const sb = subgraphs.cpuMs();
const r = await runLoad(await job(8));
console.log('memory', JSON.stringify(await gw.request('memory')), 'rss now', gw.rss()/2**20);
console.log('after gc', JSON.stringify(await gw.request('gc-memory')));
const after = threads(gw.pid);
console.log(kind, process.argv[3] ?? '', 'rps', r.rps.toFixed(1), 'failed', r.failed, 'subgraphs cpu ms/req', ((subgraphs.cpuMs() - sb) / r.checked).toFixed(2));
for (const k of Object.keys(after)) { const d = after[k]! - (before[k] ?? 0); if (d > 0) console.log('  ', k, (d / r.checked).toFixed(3), 'ms/req'); }
await gw.stop(); await subgraphs.stop(); await real.stop();
