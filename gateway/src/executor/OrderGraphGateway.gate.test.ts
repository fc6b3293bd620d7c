import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderGraphGateway } from './OrderGraphGateway.js';

const sdl = readFileSync(fileURLToPath(new URL('../../supergraph.graphql', import.meta.url)), 'utf8');

/** A gateway whose subgraph calls wait until the test answers them, in order of arrival. */
async function heldGateway(maxConcurrentOperations: number) {
  const calls: Array<{ query: string; answer: (data: unknown) => void }> = [];
  const buildService = () => ({
    process: ({ request }: { request: { query: string } }) => new Promise((resolve) => calls.push({ query: request.query, answer: (data) => resolve({ data }) })),
  });
  let apiSchema!: GraphQLSchema;
  const gateway = new OrderGraphGateway({ gateway: { supergraphSdl: sdl, buildService: buildService as never }, maxConcurrentOperations });
  gateway.onSchemaLoadOrUpdate((update) => void (apiSchema = update.apiSchema));
  const { executor } = await gateway.load({ apollo: { key: undefined, keyHash: undefined, graphRef: undefined, graphId: undefined, graphVariant: 'current' } } as never);
  const run = (query: string) => {
    const document = parse(query);
    return (executor as GatewayExecutor)({
      request: { query, variables: {} },
      document,
      operation: document.definitions[0] as OperationDefinitionNode,
      queryHash: query,
      schema: apiSchema,
      context: {},
    } as never);
  };
  /** Lets the executor send what is ready (FetchBatcher sends on setImmediate). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0)).then(() => new Promise((resolve) => setImmediate(resolve)));
  return { gateway, calls, run, settle };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('OrderGraphGateway with maxConcurrentOperations', () => {
  it('starts a query only when one of the running queries has finished; mutations do not wait', async () => {
    const { gateway, calls, run, settle } = await heldGateway(1);
    stop = () => gateway.stop();
    const first = run('query First { products(first: 1) { totalCount } }');
    const second = run('query Second { products(first: 2) { totalCount } }');
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query).toContain('First');

    // The slot is taken by First, yet a mutation goes straight to its subgraph.
    const mutation = run('mutation SignOut { signOut(refreshToken: "r") }');
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.query).toContain('SignOut');
    calls[1]!.answer({ signOut: true });
    await expect(mutation).resolves.toEqual({ data: { signOut: true } });

    calls[0]!.answer({ products: { totalCount: 7 } });
    await expect(first).resolves.toEqual({ data: { products: { totalCount: 7 } } });
    await settle();
    expect(calls).toHaveLength(3);
    expect(calls[2]!.query).toContain('Second');
    calls[2]!.answer({ products: { totalCount: 8 } });
    await expect(second).resolves.toEqual({ data: { products: { totalCount: 8 } } });
  });
});
