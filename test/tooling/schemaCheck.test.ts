// The schema check (`pnpm schema:check`): breaking changes fail unless acknowledged, safe ones pass.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSchema, parseAcknowledgements } from '../../scripts/lib/schemaCheck.js';

const BASELINE = `
type Query { product(id: ID!): Product, products(first: Int, search: String): [Product!]! }
type Product { id: ID!, name: String!, sku: String, price: Int! }
enum Status { OPEN, SHIPPED }
type Mutation { restock(productId: ID!, quantity: Int!, note: String): Product }`;

const summary = async (current: string, acks = '[]') => {
  const r = await checkSchema(BASELINE, current, parseAcknowledgements(acks));
  return { breaking: r.breaking.map((c) => `${c.type} ${c.path}`), acknowledged: r.acknowledged.length, safe: r.safe.length, dangerous: r.dangerous.length };
};

describe('checkSchema', () => {
  it('flags removed fields and types, changed argument types and tightened nullability as breaking', async () => {
    const current = `
type Query { product(id: ID!): Product, products(first: String, search: String): [Product!]! }
type Product { id: ID!, name: String, price: Int! }
type Mutation { restock(productId: ID!, quantity: Int!, note: String!): Product }`;
    expect((await summary(current)).breaking.sort()).toEqual([
      'FIELD_ARGUMENT_TYPE_CHANGED Mutation.restock.note', // nullable argument made required
      'FIELD_ARGUMENT_TYPE_CHANGED Query.products.first', // Int → String
      'FIELD_REMOVED Product.sku',
      'FIELD_TYPE_CHANGED Product.name', // String! → String: clients may now get null
      'TYPE_REMOVED Status',
    ]);
  });

  it('passes additions and deprecations, and reports a new enum value as dangerous', async () => {
    const current = `${BASELINE.replace('sku: String', 'sku: String @deprecated(reason: "use id")').replace('SHIPPED }', 'SHIPPED, CANCELLED }')}
type Review { stars: Int! }
extend type Product { reviews: [Review!]! }`;
    const r = await summary(current);
    expect(r.breaking).toEqual([]);
    expect(r.safe).toBeGreaterThanOrEqual(3);
    expect(r.dangerous).toBe(1);
  });

  it('passes an acknowledged breaking change, and only that one', async () => {
    const current = BASELINE.replace('sku: String, ', '').replace('price: Int!', 'price: Float!');
    const acks = '- type: FIELD_REMOVED\n  path: Product.sku\n  reason: "no client reads it"\n';
    expect(await summary(current, acks)).toMatchObject({ breaking: ['FIELD_TYPE_CHANGED Product.price'], acknowledged: 1 });
  });

  it('refuses an acknowledgement without a reason', () => {
    expect(() => parseAcknowledgements('- type: FIELD_REMOVED\n  path: Product.sku\n')).toThrow(/non-empty "reason"/);
  });
});

describe('pnpm schema:check (the script)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'schema-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const run = (current: string, acks: string, write = false) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/schema-check.ts', '--baseline', path.join(dir, 'baseline.graphql'), '--current', file('current.graphql', current), '--acknowledged', file('acks.yaml', acks), ...(write ? ['--write'] : [])],
      { cwd: path.resolve(import.meta.dirname, '../..') },
    ).then(({ stdout }) => ({ code: 0, out: stdout }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));

  it('exits 1 with the entry to paste on a breaking change, 0 once acknowledged; --write moves the baseline', async () => {
    file('baseline.graphql', BASELINE);
    const removed = BASELINE.replace('sku: String, ', '');
    const failed = await run(removed, '[]');
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('- type: FIELD_REMOVED\n  path: Product.sku');
    const acks = '- type: FIELD_REMOVED\n  path: Product.sku\n  reason: "unused"\n';
    expect(await run(removed, acks)).toMatchObject({ code: 0 });
    expect((await run(removed, acks, true)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'baseline.graphql'), 'utf8')).not.toContain('sku');
    expect(readFileSync(path.join(dir, 'acks.yaml'), 'utf8')).toMatch(/\n\[\]\n$/); // the acknowledgement is consumed
  });
});
