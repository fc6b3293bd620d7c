// Benchmark child process: the four constant-data subgraphs of `bench:gateway`
// (bench/fixed), one HTTP server each, and their supergraph written to the file given as
// `--supergraph=PATH`. Every answer is computed once per request body and then served from
// memory: the data never changes, and the subgraphs must not be what the benchmark measures.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { RESOLVERS } from '../fixed/resolvers.js';
import { TYPE_DEFS, type SubgraphName } from '../fixed/schemas.js';
import { announceFailure, announceReady, serveRequests } from '../lib/ipc.js';

try {
  const supergraphPath = process.argv.find((a) => a.startsWith('--supergraph='))?.slice('--supergraph='.length);
  if (!supergraphPath) throw new Error('usage: fixedSubgraphs.ts --supergraph=PATH');
  const urls: Record<string, string> = {};
  const calls: Record<string, number> = {};
  for (const name of Object.keys(TYPE_DEFS) as SubgraphName[]) {
    const schema = buildSubgraphSchema([{ typeDefs: TYPE_DEFS[name], resolvers: RESOLVERS[name] }]);
    const answers = new Map<string, Promise<Buffer>>();
    calls[name] = 0;
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        // Readiness probes of the gateway (GET, no body) are not calls of the benchmark.
        if (req.method !== 'POST') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"__typename":"Query"}}');
        calls[name]! += 1;
        let answer = answers.get(body);
        if (!answer) {
          const { query, variables, operationName } = JSON.parse(body);
          answer = Promise.resolve(execute({ schema, document: parse(query), variableValues: variables, operationName })).then((r) => Buffer.from(JSON.stringify(r)));
          answers.set(body, answer);
        }
        void answer.then((bytes) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  const composed = composeServices(Object.entries(TYPE_DEFS).map(([name, typeDefs]) => ({ name, typeDefs, url: urls[name]! })));
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  writeFileSync(supergraphPath, composed.supergraphSdl);
  serveRequests({ calls: () => ({ ...calls }) });
  process.once('SIGTERM', () => process.exit(0));
  announceReady(urls);
} catch (error) {
  announceFailure(error);
  process.exit(1);
}
