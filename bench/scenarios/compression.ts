import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { compareTargets, type Target } from '../lib/compare.js';
import { benchSecrets, credentials, startGateway, startReplay, startSubgraphs } from '../lib/stack.js';
import { checkFederated, FEDERATED_QUERY } from './federated.js';
import type { Scenario } from './types.js';

const admin = DEMO_CUSTOMERS.find((c) => c.role === 'ADMIN')!;
const FIRST = 10;

/** POST and decode by hand (fetch would decode, hiding what was sent). */
function post(url: string, body: string, headers: Record<string, string>) {
  return new Promise<{ encoding: string | undefined; bytes: number; json: any }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const text = (encoding === 'gzip' ? gunzipSync(raw) : encoding === 'br' ? brotliDecompressSync(raw) : raw).toString('utf8');
        resolve({ encoding, bytes: raw.length, json: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The gateway-bound federated read (recorded subgraph responses) through our gateway with
 * response compression off, and on with gzip, brotli or no Accept-Encoding from the client.
 */
export const compression: Scenario = {
  name: 'compression',
  async run(options) {
    const secrets = benchSecrets();
    const real = await startSubgraphs(secrets, options);
    const subgraphs = await startReplay(real);
    const off = await startGateway('ours', subgraphs, secrets, options);
    const on = await startGateway('ours', subgraphs, secrets, options, { GATEWAY_COMPRESSION: 'true' });
    try {
      const body = JSON.stringify({ query: FEDERATED_QUERY, variables: { first: FIRST } });
      const headers = () => credentials('ours', { customerId: admin.id, role: admin.role }, secrets);
      const offUrl = off.urls.gateway as string;
      const onUrl = on.urls.gateway as string;
      // Decoded compressed responses must equal the uncompressed one and pass the shape check.
      const plain = await post(offUrl, body, await headers());
      for (const encoding of ['gzip', 'br'] as const) {
        const sample = await post(onUrl, body, { ...(await headers()), 'accept-encoding': encoding });
        if (sample.encoding !== encoding) throw new Error(`expected content-encoding ${encoding}, received ${sample.encoding}`);
        if (JSON.stringify(sample.json) !== JSON.stringify(plain.json)) throw new Error(`${encoding}: decoded response differs from the uncompressed one`);
        const problem = checkFederated(sample.json.data, FIRST);
        if (problem) throw new Error(`${encoding}: ${problem}`);
      }
      const targets: Target[] = [
        { label: 'off', service: off, url: offUrl, body, headers },
        { label: 'on, client sends no Accept-Encoding', service: on, url: onUrl, body, headers },
        { label: 'on, gzip', service: on, url: onUrl, body, headers, encoding: 'gzip' },
        { label: 'on, br', service: on, url: onUrl, body, headers, encoding: 'br' },
      ];
      return await compareTargets({
        scenario: 'compression',
        title: 'Response compression: our gateway, compression off vs on (gzip, brotli)',
        description:
          'The gateway-bound federated read (subgraph responses replayed from memory), through one gateway with `GATEWAY_COMPRESSION` off and one with it on ' +
          '(brotli quality 4, gzip level 6, threshold 1 KiB). ' +
          `${options.connections} connections, ${options.rounds} alternating rounds of ${options.durationSeconds} s after ${options.warmupSeconds} s warm-up each. ` +
          'Uncompressed responses get the full shape check; compressed ones are checked for status and Content-Encoding (the load tool cannot decode them), ' +
          'after decoded samples were checked against the uncompressed response. bytes/response includes the status line and headers. Median of rounds.',
        targets,
        check: { module: fileURLToPath(new URL('./federated.ts', import.meta.url)), export: 'checkFederated', args: FIRST },
        options,
        baseline: 'off',
      });
    } finally {
      await Promise.all([off.stop(), on.stop()]);
      await subgraphs.stop();
      await real.stop();
    }
  },
};
