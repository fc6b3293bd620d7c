// Benchmark child process: a recording proxy in front of each subgraph. The first request
// with a given body goes to the real subgraph; later identical bodies get the recorded
// response from memory. It takes the subgraphs' database and resolver work out of a
// gateway comparison (the way public gateway benchmarks use constant-data subgraphs) while
// the responses stay exactly what our subgraphs answer for our data.
// Env: REPLAY_<NAME>=<real subgraph URL> for each subgraph.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceFailure, announceReady, serveRequests } from '../lib/ipc.js';

interface Recorded {
  status: number;
  contentType: string;
  body: Buffer;
}

try {
  const urls: Record<string, string> = {};
  let hits = 0;
  let misses = 0;
  for (const [key, target] of Object.entries(process.env)) {
    if (!key.startsWith('REPLAY_') || !target) continue;
    const recorded = new Map<string, Promise<Recorded>>();
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // Identity headers differ per token, responses do not: the body alone is the key.
        const body = Buffer.concat(chunks).toString('utf8');
        let entry = recorded.get(body);
        if (entry) hits += 1;
        else {
          misses += 1;
          entry = forward(target, body, req.headers as Record<string, string>);
          recorded.set(body, entry);
        }
        entry.then(
          (r) => {
            res.writeHead(r.status, { 'content-type': r.contentType, 'content-length': r.body.length });
            res.end(r.body);
          },
          (error: Error) => {
            recorded.delete(body);
            res.writeHead(502).end(error.message);
          },
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    urls[key.slice('REPLAY_'.length).toLowerCase()] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  serveRequests({ stats: () => ({ hits, misses }) });
  process.once('SIGTERM', () => process.exit(0));
  announceReady(urls);
} catch (error) {
  announceFailure(error);
  process.exit(1);
}

async function forward(url: string, body: string, headers: Record<string, string>): Promise<Recorded> {
  const pass = Object.fromEntries(Object.entries(headers).filter(([k]) => k === 'content-type' || k.startsWith('x-')));
  const response = await fetch(url, { method: 'POST', headers: pass, body });
  const text = Buffer.from(await response.arrayBuffer());
  if (!response.ok || text.includes('"errors"')) throw new Error(`not recording a failed response: ${text.toString('utf8').slice(0, 200)}`);
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: text };
}
