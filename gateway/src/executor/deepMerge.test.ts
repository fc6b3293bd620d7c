import { describe, expect, it } from 'vitest';
import { deepMerge } from './deepMerge.js';
import { deepMerge as stockDeepMerge } from './gatewayInternals.js';

// Our port against @apollo/gateway's own deepMerge on the same inputs: same result, same key
// order, same own properties (inherited names such as `constructor` become own ones).
const CASES: Array<[string, () => [any, any]]> = [
  ['disjoint keys', () => [{ a: 1 }, { b: 2 }]],
  ['nested objects merge', () => [{ p: { id: '1', x: { y: 1 } } }, { p: { name: 'n', x: { z: 2 } } }]],
  ['lists of the same length merge element by element', () => [{ l: [{ id: 1 }, 2, null] }, { l: [{ n: 'a' }, 3, { k: 1 }] }]],
  ['lists of different lengths are replaced', () => [{ l: [{ id: 1 }] }, { l: [{ n: 'a' }, { n: 'b' }] }]],
  ['undefined never overwrites, null does', () => [{ a: 1, b: 2 }, { a: undefined, b: null }]],
  ['inherited names become own properties', () => [{}, JSON.parse('{"constructor":{"x":1},"__proto__":{"y":2},"toString":"s"}')]],
  ['a null source leaves the target', () => [{ a: 1 }, null]],
];

describe('deepMerge matches @apollo/gateway deepMerge', () => {
  it.each(CASES)('%s', (_name, make) => {
    const [ours, oursSource] = make();
    const [stock, stockSource] = make();
    deepMerge(ours, oursSource);
    stockDeepMerge(stock, stockSource);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(stock));
    expect(Object.getOwnPropertyNames(ours)).toEqual(Object.getOwnPropertyNames(stock));
    expect(Object.getPrototypeOf(ours)).toBe(Object.getPrototypeOf(stock));
  });
});
