import { describe, expect, it } from 'vitest';
import { documentDepthExceeds, findTooDeepInput, jsonDepthExceeds } from './inputDepth.js';

const nestedArray = (depth: number) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown;
const nestedObject = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects alike, exactly at the limit', () => {
    expect(jsonDepthExceeds(nestedArray(64), 64)).toBe(false);
    expect(jsonDepthExceeds(nestedArray(65), 64)).toBe(true);
    expect(jsonDepthExceeds(nestedObject(64), 64)).toBe(false);
    expect(jsonDepthExceeds(nestedObject(65), 64)).toBe(true);
    expect(jsonDepthExceeds({ a: [1, { b: [2] }], c: 'x' }, 4)).toBe(false);
    expect(jsonDepthExceeds({ a: [1, { b: [2] }], c: 'x' }, 3)).toBe(true);
  });

  it('scalars and null have depth 0', () => {
    for (const value of [null, undefined, 1, 'x', true]) expect(jsonDepthExceeds(value, 0)).toBe(false);
  });

  it('walks 20,000 levels without overflowing the stack (it is iterative)', () => {
    expect(jsonDepthExceeds(nestedArray(20_000), 64)).toBe(true);
    expect(jsonDepthExceeds(nestedArray(20_000), 1_000_000)).toBe(false);
  });
});

describe('documentDepthExceeds', () => {
  const literal = (depth: number) => `{ products(search: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}) { totalCount } }`;

  it('limits list and object values inside arguments', () => {
    expect(documentDepthExceeds(literal(64), 64)).toBe(false);
    expect(documentDepthExceeds(literal(65), 64)).toBe(true);
    expect(documentDepthExceeds(`{ f(a: ${'['.repeat(65)}1${']'.repeat(65)}) }`, 64)).toBe(true);
    expect(documentDepthExceeds(`query($v: [[Int]] = ${'['.repeat(65)}${']'.repeat(65)}) { f }`, 64)).toBe(true);
  });

  it('lets selection sets nest to four times the value limit', () => {
    const selections = (depth: number) => `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`;
    expect(documentDepthExceeds(selections(256), 64)).toBe(false);
    expect(documentDepthExceeds(selections(257), 64)).toBe(true);
  });

  it('ignores brackets in strings, block strings and comments', () => {
    const brackets = '['.repeat(100);
    expect(documentDepthExceeds(`{ f(a: "${brackets}") }`, 64)).toBe(false);
    expect(documentDepthExceeds(`{ f(a: """${brackets} \\""" ${brackets}""") }`, 64)).toBe(false);
    expect(documentDepthExceeds(`# ${brackets}\n{ f }`, 64)).toBe(false);
    expect(documentDepthExceeds(`{ f(a: "\\"${brackets}") }`, 64)).toBe(false);
  });

  it('scans 1 MB of brackets without recursion', () => {
    expect(documentDepthExceeds(`{ f(a: ${'['.repeat(1_000_000)}) }`, 64)).toBe(true);
  });
});

describe('findTooDeepInput', () => {
  it('names the part that is too deep', () => {
    expect(findTooDeepInput({ query: '{ f }', variables: { v: nestedArray(70) } }, 64)).toBe('variables');
    expect(findTooDeepInput({ query: '{ f }', extensions: { e: nestedObject(70) } }, 64)).toBe('extensions');
    expect(findTooDeepInput({ query: `{ f(a: ${'['.repeat(70)}${']'.repeat(70)}) }` }, 64)).toBe('query');
    expect(findTooDeepInput({ query: '{ f }', variables: { v: [[1]] } }, 64)).toBeNull();
  });
});
