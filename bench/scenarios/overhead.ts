import { fileURLToPath } from 'node:url';
import { DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { compareTargets, type Target } from '../lib/compare.js';
import { benchSecrets, startGateway, startSubgraphs } from '../lib/stack.js';
import { round } from '../lib/stats.js';
import type { Scenario } from './types.js';

const QUERY = 'query Product($id: ID!) { product(id: $id) { id name price { amount currency } } }';
const product = DEMO_PRODUCTS[7]!;

export function checkProduct(data: any, id: string): string | null {
  return data?.product?.id === id && typeof data.product.name === 'string' ? null : `expected product ${id}`;
}

/** One connection: latency added by a gateway hop when the machine is not saturated. */
export const overhead: Scenario = {
  name: 'overhead',
  async run(options) {
    const secrets = benchSecrets();
    const subgraphs = await startSubgraphs(secrets, options);
    const ours = await startGateway('ours', subgraphs, secrets, options);
    const stock = await startGateway('stock', subgraphs, secrets, options);
    try {
      const body = JSON.stringify({ query: QUERY, variables: { id: product.id } });
      const noHeaders = async () => ({});
      const targets: Target[] = [
        { label: 'direct', service: subgraphs, url: subgraphs.urls.products as string, body, headers: noHeaders },
        { label: 'ours', service: ours, url: ours.urls.gateway as string, body, headers: noHeaders },
        { label: 'stock', service: stock, url: stock.urls.gateway as string, body, headers: noHeaders },
      ];
      const result = await compareTargets({
        scenario: 'overhead',
        title: 'Gateway overhead: single-subgraph query via gateway vs straight to the subgraph',
        description:
          `\`${QUERY}\` (anonymous) over 1 connection, ${options.rounds} alternating rounds of ${options.durationSeconds} s. ` +
          '"direct" posts the same query to the products subgraph; the RSS of "direct" is the whole subgraph process.',
        targets,
        check: { module: fileURLToPath(import.meta.url), export: 'checkProduct', args: product.id },
        options,
        baseline: 'direct',
        connections: 1,
      });
      const summary = (result.raw as { summary: Array<{ label: string; p50: number; p99: number }> }).summary;
      const direct = summary.find((s) => s.label === 'direct')!;
      for (const s of summary.filter((x) => x.label !== 'direct')) {
        result.notes.push(`${s.label}: added p50 ${round(s.p50 - direct.p50, 3)} ms, added p99 ${round(s.p99 - direct.p99, 3)} ms`);
      }
      return result;
    } finally {
      await Promise.all([ours.stop(), stock.stop()]);
      await subgraphs.stop();
    }
  },
};
