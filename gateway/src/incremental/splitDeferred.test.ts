import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { deferredItems } from './deferredPayload.js';
import { splitDeferred } from './splitDeferred.js';

const flat = (doc: Parameters<typeof print>[0]) => print(doc).replace(/\s+/g, ' ').trim();

describe('splitDeferred', () => {
  it('splits named and inline deferred fragments into an initial and a deferred operation, keeping labels and paths', () => {
    const document = parse(`
      query Q($id: ID!, $later: Boolean!) {
        order(id: $id) { id ...Pay @defer(label: "pay") items { quantity ... @defer(if: $later) { product { name } } } }
      }
      fragment Pay on Order { payment { status } }
    `);
    const split = splitDeferred(document, 'Q', { id: '1', later: true })!;
    expect(flat(split.initial)).toBe('query Q($id: ID!) { order(id: $id) { id items { quantity } } }');
    expect(flat(split.deferred)).toBe('query Q($id: ID!) { order(id: $id) { ... on Order { payment { status } } items { ... { product { name } } } } }');
    expect(split.fragments.map((f) => [f.label, f.parentPath])).toEqual([
      ['pay', ['order']],
      [undefined, ['order', 'items']],
    ]);
  });

  it('returns null when nothing is deferred: no @defer, if: false, or a mutation', () => {
    expect(splitDeferred(parse('{ me { id } }'), undefined)).toBeNull();
    expect(splitDeferred(parse('query($x: Boolean!) { me { ... @defer(if: $x) { id } } }'), undefined, { x: false })).toBeNull();
    expect(splitDeferred(parse('mutation { signOut(refreshToken: "t") ... @defer { __typename } }'), undefined)).toBeNull();
  });

  it('asks for __typename where everything was deferred, and delivers nested @defer with its parent', () => {
    const split = splitDeferred(parse('{ me { ... @defer(label: "a") { email ... @defer(label: "b") { name } } } }'), undefined)!;
    expect(flat(split.initial)).toBe('{ me { __typename } }');
    expect(flat(split.deferred)).toBe('{ me { ... { email ... { name } } } }');
    expect(split.fragments).toHaveLength(1);
  });
});

describe('deferredItems', () => {
  it('gives each deferred fragment its data at every concrete path, and errors to the item they fall under', () => {
    const split = splitDeferred(parse('{ orders { id ... @defer(label: "p") { payment { status } } } }'), undefined)!;
    const initial = { orders: [{ id: '1' }, null, { id: '3' }] };
    const later = { orders: [{ payment: { status: 'CAPTURED' } }, null, { payment: null }] };
    const error = { message: 'payments down', path: ['orders', 2, 'payment'] };
    expect(deferredItems(split.fragments, initial, { data: later, errors: [error] })).toEqual([
      { data: { payment: { status: 'CAPTURED' } }, path: ['orders', 0], label: 'p' },
      { data: { payment: null }, path: ['orders', 2], label: 'p', errors: [error] },
    ]);
  });
});
