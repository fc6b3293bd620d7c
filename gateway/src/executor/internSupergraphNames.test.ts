import { readFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { GraphQLObjectType } from 'graphql';
import { DEFAULT_SUPERGRAPH_PATH } from '../config.js';
import { OrderGraphGateway } from './OrderGraphGateway.js';

/** V8's serializer tags a one-byte string '"' and a two-byte one 'c'. */
const isOneByte = (s: string) => String.fromCharCode(serialize(s)[2]!) === '"';

describe('internSupergraphNames', () => {
  it('keeps the names of the schemas ApolloGateway builds one-byte, so responses serialise to one-byte strings', async () => {
    // A field name nothing else in this process has used: its first interning is the gateway's.
    const name = `skuInternTest${process.pid}`;
    const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8').replaceAll(/\bsku\b/g, name);
    const gateway = new OrderGraphGateway({ gateway: { supergraphSdl } });
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
    }
  });
});
