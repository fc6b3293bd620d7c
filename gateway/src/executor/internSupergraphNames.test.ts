import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { GraphQLObjectType } from 'graphql';
import { createLogger } from '@ordergraph/telemetry';
import { DEFAULT_SUPERGRAPH_PATH } from '../config.js';
import { SupergraphSource } from '../supergraphReload/SupergraphSource.js';
import { OrderGraphGateway } from './OrderGraphGateway.js';

/** V8's serializer tags a one-byte string '"' and a two-byte one 'c'. */
const isOneByte = (s: string) => String.fromCharCode(serialize(s)[2]!) === '"';

describe('internSupergraphNames', () => {
  // The deployed shape: SupergraphSource reads the file and validates it (a parse and a schema
  // build of its own) before ApolloGateway sees it; its names must still come out one-byte.
  it.each(['string', 'SupergraphSource'])('keeps the names of the schemas ApolloGateway builds one-byte (supergraph given as a %s), so responses serialise to one-byte strings', async (given) => {
    // A field name nothing else in this process has used: its first interning is the gateway's.
    const name = `skuInternTest${given.length}x${process.pid}`;
    const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8').replaceAll(/\bsku\b/g, name);
    // The real supergraph has descriptions with characters above U+00FF: a two-byte string.
    expect(isOneByte(supergraphSdl)).toBe(false);
    const dir = mkdtempSync(path.join(tmpdir(), 'intern-'));
    writeFileSync(path.join(dir, 'supergraph.graphql'), supergraphSdl);
    const source = new SupergraphSource({
      path: path.join(dir, 'supergraph.graphql'),
      watch: false,
      url: null,
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: { loaded: () => {}, failed: () => {} },
    });
    const gateway = new OrderGraphGateway({ gateway: given === 'string' ? { supergraphSdl } : { supergraphSdl: source } });
    try {
      const { schema } = await new Promise<{ schema: import('graphql').GraphQLSchema }>((resolve, reject) => {
        gateway.onSchemaLoadOrUpdate(({ apiSchema }) => resolve({ schema: apiSchema }));
        gateway.load({ apollo: { graphRef: 'test', key: 'k', keyHash: 'h' } as never }).catch(reject);
      });
      const keys = Object.keys((schema.getType('Product') as GraphQLObjectType).getFields());
      expect(keys).toContain(name);
      expect(keys.filter((key) => !isOneByte(key))).toEqual([]);
      expect(isOneByte(JSON.stringify({ [name]: 'x' }))).toBe(true);
    } finally {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
