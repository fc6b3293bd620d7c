import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ordergraph/core';
import { DEFAULT_SUPERGRAPH_PATH, loadGatewayConfig } from './config.js';
import { readSupergraph, subgraphEndpoints } from './supergraph.js';

const OURS = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');

/** The part of a supergraph that names its subgraphs, as `@apollo/composition` prints it. */
const joinGraphs = (graphs: Array<[string, string]>) => `
enum join__Graph {
${graphs.map(([name, url]) => `  ${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')} @join__graph(name: "${name}", url: "${url}")`).join('\n')}
}`;

describe('subgraphEndpoints', () => {
  it('lists every subgraph of the committed supergraph with its URL', () => {
    expect(subgraphEndpoints(OURS, {})).toEqual([
      { name: 'accounts', url: 'http://localhost:4001/graphql' },
      { name: 'orders', url: 'http://localhost:4003/graphql' },
      { name: 'payments', url: 'http://localhost:4004/graphql' },
      { name: 'products', url: 'http://localhost:4002/graphql' },
    ]);
  });

  it('applies SUBGRAPH_URL_<NAME> overrides to the matching subgraph only', () => {
    const { subgraphUrls } = loadGatewayConfig({ SUBGRAPH_URL_ORDERS: 'http://10.0.0.3:9003/graphql' });
    const endpoints = subgraphEndpoints(OURS, subgraphUrls);
    expect(endpoints.find((e) => e.name === 'orders')?.url).toBe('http://10.0.0.3:9003/graphql');
    expect(endpoints.filter((e) => e.url.startsWith('http://localhost:'))).toHaveLength(3);
  });

  it('reads another team’s supergraph, including an empty URL', () => {
    const sdl = joinGraphs([
      ['users', 'https://users.example.com/graphql'],
      ['reviews', ''],
    ]);
    expect(subgraphEndpoints(sdl, {})).toEqual([
      { name: 'users', url: 'https://users.example.com/graphql' },
      { name: 'reviews', url: '' },
    ]);
    expect(subgraphEndpoints(sdl, { reviews: 'http://reviews:4100/graphql' })[1]).toEqual({
      name: 'reviews',
      url: 'http://reviews:4100/graphql',
    });
  });

  it('overrides subgraphs whose names are not lower-case words (env names cannot spell them)', () => {
    const sdl = joinGraphs([
      ['inventoryService', 'http://a/graphql'],
      ['reviews-v2', 'http://b/graphql'],
    ]);
    const { subgraphUrls } = loadGatewayConfig({
      SUBGRAPH_URL_INVENTORYSERVICE: 'http://inventory:1/graphql',
      SUBGRAPH_URL_REVIEWS_V2: 'http://reviews:2/graphql',
    });
    expect(subgraphEndpoints(sdl, subgraphUrls)).toEqual([
      { name: 'inventoryService', url: 'http://inventory:1/graphql' },
      { name: 'reviews-v2', url: 'http://reviews:2/graphql' },
    ]);
  });

  it('finds nothing in a document that is not a supergraph', () => {
    expect(subgraphEndpoints('type Query { hello: String }', { hello: 'http://x/graphql' })).toEqual([]);
  });
});

describe('readSupergraph', () => {
  it('reads a supergraph file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'og-supergraph-'));
    try {
      const file = path.join(dir, 'supergraph.graphql');
      await writeFile(file, OURS);
      expect(readSupergraph(file)).toBe(OURS);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names SUPERGRAPH_PATH and the path when the file cannot be read', () => {
    const missing = path.join(tmpdir(), 'og-no-such-dir', 'supergraph.graphql');
    expect(() => readSupergraph(missing)).toThrow(ConfigError);
    expect(() => readSupergraph(missing)).toThrow(`SUPERGRAPH_PATH: cannot read the supergraph file at ${missing} (ENOENT)`);
  });
});
