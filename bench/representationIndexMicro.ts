/**
 * Micro-benchmark of the executor's entity deduplication (executePlan's executeFetch), one
 * process, old and new alternating in blocks: the string key per entity in a Map
 * (`representationKeyOf`, before issue 13's second pass) against the trie of Maps
 * (`representationIndexOf`). Entities as on `bench:gateway`: 270 positions, 10 distinct
 * products, keyed on `__typename upc` and on `__typename upc weight price` (the @requires).
 * Run: `pnpm exec tsx bench/representationIndexMicro.ts`.
 */
import { representationIndexOf } from '../gateway/src/executor/representationKey.js';
import { graphql } from '../gateway/src/executor/gatewayInternals.js';

type FetchNode = Parameters<typeof representationIndexOf>[1];

const schema = graphql.buildSchema('type Query { p: Product } type Product { upc: String! weight: Int price: Int }');
const field = (name: string) => ({ kind: 'Field' as const, name });
const fetches = [
  ['__typename', 'upc'],
  ['__typename', 'upc', 'weight', 'price'],
].map((names) => ({ kind: 'Fetch', serviceName: 's', operation: '', requires: [{ kind: 'InlineFragment', typeCondition: 'Product', selections: names.map(field) }] }) as unknown as FetchNode);

/** 270 entities as JSON.parse gives them (a fresh object and string per position). */
const entities = (): Record<string, any>[] => JSON.parse(JSON.stringify(Array.from({ length: 270 }, (_, i) => ({ __typename: 'Product', upc: `product-${i % 10}`, weight: 100 + (i % 10), price: 899 + (i % 10), name: 'x' }))));

/** The previous implementation, verbatim: a string key per entity, numbered through one Map. */
function oldNumbering(names: string[], list: Record<string, any>[]): number {
  const byKey = new Map<string, number>();
  let distinct = 0;
  for (const entity of list) {
    if (entity.__typename !== 'Product' || !entity.__typename) continue;
    let key: string | null = '';
    for (const name of names) {
      const value = Object.hasOwn(entity, name) ? entity[name] : undefined;
      if (value === undefined) {
        key = null;
        break;
      }
      key += typeof value === 'string' ? `${value.length}:${value}` : `\u0001${JSON.stringify(value)}\u0001`;
    }
    if (key === null) continue;
    if (byKey.get(key) === undefined) byKey.set(key, distinct++);
  }
  return distinct;
}

function newNumbering(fetch: FetchNode, list: Record<string, any>[]): number {
  const indexOf = representationIndexOf(schema, fetch)!();
  let distinct = 0;
  for (const entity of list) if (indexOf(entity) === distinct) distinct += 1;
  return distinct;
}

const ITERATIONS = 2000;
const inputs = Array.from({ length: 20 }, entities);
const names = [['__typename', 'upc'], ['__typename', 'upc', 'weight', 'price']];
const timings = { old: [] as number[], new: [] as number[] };
for (let block = 0; block < 8; block++) {
  for (const which of block % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
    const start = process.cpuUsage();
    let check = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const list = inputs[i % inputs.length]!;
      for (let f = 0; f < fetches.length; f++) check += which === 'old' ? oldNumbering(names[f]!, list) : newNumbering(fetches[f]!, list);
    }
    const used = process.cpuUsage(start);
    if (check !== ITERATIONS * 20) throw new Error(`expected 10 distinct representations per fetch, got ${check / ITERATIONS / 2}`);
    if (block > 0) timings[which].push(((used.user + used.system) / ITERATIONS) / 1000);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`CPU ms per 2 fetches x 270 entities: old ${median(timings.old).toFixed(4)}, new ${median(timings.new).toFixed(4)}, new/old ${(median(timings.new) / median(timings.old)).toFixed(2)}`);
