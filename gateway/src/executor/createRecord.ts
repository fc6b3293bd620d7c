/**
 * An empty object with no `Object.prototype` in its chain (no inherited `constructor`,
 * `toString` or `__proto__` setter), as `Object.create(null)` gives, but in V8's fast mode.
 * `Object.create(null)` makes a dictionary-mode object: every write is a hash-table insert,
 * it takes more memory and `JSON.stringify` has no fast path for it. The executor builds one
 * per entity representation and per object of the shaped response (thousands per request on
 * `bench:gateway`), so this was a large share of its CPU and of the garbage it made.
 */
function NullPrototypeRecord(): void {}
NullPrototypeRecord.prototype = Object.create(null) as object;

export function createRecord(): Record<string, any> {
  return new (NullPrototypeRecord as unknown as new () => Record<string, any>)();
}
