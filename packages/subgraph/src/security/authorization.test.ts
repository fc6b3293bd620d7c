import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Identity } from '@ordergraph/core';
import { applyAuthorization } from './authorization.js';
import { attachRequestMeta } from './requestMeta.js';

const SDL = `
  directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
  directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
  type Query {
    public: String
    secret: String @authenticated
    admin: String @requiresScopes(scopes: [["admin"], ["catalog:write", "catalog:read"]])
    note(owner: String!): Note
  }
  type Note @authenticated { text: String @policy(policies: [["owner"]]) }
`;
const schema = applyAuthorization(buildSchema(SDL), {
  owner: ({ identity, args, parent }) => identity?.customerId === (parent as { owner: string }).owner || args.owner === 'nobody-checks',
});
const root = { public: 'p', secret: 's', admin: 'a', note: ({ owner }: { owner: string }) => ({ owner, text: 't' }) };
const run = (source: string, identity: Identity | null) =>
  graphql({ schema, source, rootValue: root, contextValue: attachRequestMeta({}, { identity, clientIp: '127.0.0.1' }) });
const code = async (p: ReturnType<typeof run>) => (await p).errors?.[0]?.extensions?.code;
const alice: Identity = { customerId: 'alice', role: 'CUSTOMER' };

describe('applyAuthorization', () => {
  it('@authenticated: anonymous callers get UNAUTHENTICATED, on the field and on every field of a guarded type', async () => {
    expect((await run('{ public }', null)).data).toEqual({ public: 'p' });
    expect(await code(run('{ secret }', null))).toBe('UNAUTHENTICATED');
    expect((await run('{ secret }', alice)).data).toEqual({ secret: 's' });
  });

  it('@requiresScopes: one AND-list of the OR must be held in full', async () => {
    expect(await code(run('{ admin }', alice))).toBe('FORBIDDEN');
    expect(await code(run('{ admin }', { ...alice, scopes: ['catalog:write'] }))).toBe('FORBIDDEN');
    expect((await run('{ admin }', { ...alice, scopes: ['catalog:write', 'catalog:read'] })).data).toEqual({ admin: 'a' });
    expect((await run('{ admin }', { customerId: 'root', role: 'ADMIN' })).data).toEqual({ admin: 'a' });
  });

  it('@policy: evaluated with the parent and arguments, after the type’s own @authenticated', async () => {
    expect((await run('{ note(owner: "alice") { text } }', alice)).data).toEqual({ note: { text: 't' } });
    expect(await code(run('{ note(owner: "bob") { text } }', alice))).toBe('FORBIDDEN');
    expect(await code(run('{ note(owner: "alice") { text } }', null))).toBe('UNAUTHENTICATED');
  });

  it('fails at start-up when a @policy has no implementation', () => {
    expect(() => applyAuthorization(buildSchema(SDL), {})).toThrow(/@policy "owner" on Note.text has no implementation/);
  });

  it('fails closed for a context built without request metadata', async () => {
    const r = await graphql({ schema, source: '{ secret }', rootValue: root, contextValue: {} });
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
