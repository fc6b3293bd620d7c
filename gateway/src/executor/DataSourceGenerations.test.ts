import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { describe, expect, it } from 'vitest';
import { DataSourceGenerations } from './DataSourceGenerations.js';
import { OrderGraphGateway } from './OrderGraphGateway.js';

const source = (name: string, closed: string[]) => ({ name, close: async () => void closed.push(name) });

describe('DataSourceGenerations', () => {
  it('closes the data sources a new supergraph replaced once the requests still running on the old one finish', async () => {
    const closed: string[] = [];
    const [a, b, c] = [source('a', closed), source('b', closed), source('c', closed)];
    const generations = new DataSourceGenerations();
    let finish!: () => void;
    const slow: GatewayExecutor = () => new Promise((resolve) => (finish = () => resolve({ data: {} })));
    const first = generations.track(slow, [a, b]);
    const running = first({} as never);
    generations.track(async () => ({ data: {} }), [a, c]);
    expect(closed).toEqual([]); // b is still in use by the running request
    finish();
    await running;
    expect(closed).toEqual(['b']); // a is shared with the new supergraph: kept
    await generations.closeAll();
    expect(closed.sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('OrderGraphGateway on a supergraph update', () => {
  it('closes the data source of a subgraph whose URL changed (no leaked pool), and only that one', async () => {
    const sdl = readFileSync(fileURLToPath(new URL('../../supergraph.graphql', import.meta.url)), 'utf8');
    const built: Array<{ name: string; url: string; closed: boolean }> = [];
    const buildDataSource = ({ name, url }: { name: string; url: string }) => {
      const entry = { name, url, closed: false };
      built.push(entry);
      return { process: async () => ({}) as never, close: async () => void (entry.closed = true) };
    };
    let update!: (sdl: string) => void;
    const gateway = new OrderGraphGateway({
      gateway: { supergraphSdl: { initialize: async (hooks) => ((update = hooks.update), { supergraphSdl: sdl }) }, buildService: buildDataSource as never },
    });
    await gateway.load({ apollo: { key: undefined, keyHash: undefined, graphRef: undefined, graphId: undefined, graphVariant: 'current' } } as never);
    const products = built.find((d) => d.name === 'products')!;
    const moved = sdl.replace(products.url, 'http://products.internal:4002/graphql');
    expect(moved).not.toBe(sdl);
    update(moved);
    expect(products.closed).toBe(true);
    expect(built.filter((d) => d.closed).map((d) => d.name)).toEqual(['products']);
    await gateway.stop();
    expect(built.every((d) => d.closed)).toBe(true);
  });
});
