import type { JWK } from 'jose';
import type { DemoCustomer, DemoOrder, DemoProduct } from '@ordergraph/demo-data';
import type { TestStack } from '@ordergraph/testing';
import { authCases } from './authCases.js';

export interface HostileContext {
  stack: TestStack;
  /** The production stack's IDENTITY_SECRET (to build expired-but-signed headers). */
  identitySecret: string;
  /** The accounts service's signing key (to build expired-but-signed tokens). */
  signingKey: JWK;
  alice: DemoCustomer;
  admin: DemoCustomer;
  othersOrders: DemoOrder[];
  products: DemoProduct[];
}

export interface HostileCase {
  name: string;
  send: () => Promise<Response>;
  status: number;
  /** `extensions.code` of the first error; undefined when the request is legitimately served. */
  code?: string;
  /** Extra check on the parsed body; returns a problem or null. */
  check?: (body: any) => string | null;
}

export const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
  });

const nest = (depth: number) => {
  // orders → edges → node → customer → orders … : a real path, so only the depth limit stops it.
  let inner = 'id';
  for (let i = 0; i < depth; i += 4) inner = `orders(first: 1) { edges { node { customer { ${inner} } } } }`;
  return `{ me { ${inner} } }`;
};
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;

/** Malformed documents: depth, aliases, fragments, cycles, size, directives, introspection. */
function documentCases(url: string): HostileCase[] {
  const q = (name: string, query: string, status: number, code: string | undefined, variables?: unknown): HostileCase => ({
    name,
    send: () => post(url, { query, variables }),
    status,
    code,
  });
  const cases: HostileCase[] = [];
  for (const depth of [13, 16, 20, 24, 28, 32, 40, 60, 80, 100]) cases.push(q(`deep nesting ${depth}`, nest(depth), 400, 'GRAPHQL_VALIDATION_FAILED'));
  for (const depth of [16, 24, 32, 48]) {
    const fragments = Array.from({ length: depth / 4 }, (_, i) => `fragment F${i} on Customer { orders(first: 1) { edges { node { customer { ${i === depth / 4 - 1 ? 'id' : `...F${i + 1}`} } } } } }`);
    cases.push(q(`deep nesting ${depth} through fragments`, `{ me { ...F0 } } ${fragments.join(' ')}`, 400, 'GRAPHQL_VALIDATION_FAILED'));
  }
  for (const n of [31, 50, 100, 300, 1000]) cases.push(q(`alias bomb ${n}`, aliases(n), 400, 'GRAPHQL_VALIDATION_FAILED'));
  for (const n of [3000, 10000]) cases.push(q(`alias bomb ${n} (token limit)`, aliases(n), 400, 'GRAPHQL_PARSE_FAILED'));
  for (const levels of [10, 20, 30]) {
    // 2^levels spreads of one field. Execution would merge them, but estimating the cost means
    // expanding them: past the estimator's node limit the operation is refused as too expensive.
    const fragments = Array.from({ length: levels }, (_, i) => (i === 0 ? 'fragment L0 on Query { __typename }' : `fragment L${i} on Query { ...L${i - 1} ...L${i - 1} }`));
    const small = levels === 10;
    cases.push(q(`fragment bomb ${levels} levels`, `{ ...L${levels - 1} } ${fragments.join(' ')}`, small ? 200 : 400, small ? undefined : 'COST_ESTIMATED_TOO_EXPENSIVE'));
  }
  for (const n of [8, 16]) {
    // The same fragment spread n times yields the same n response keys, merged: no amplification.
    const body = Array.from({ length: n }, (_, i) => `x${i}: __typename`).join(' ');
    const c = q(`aliases in a fragment spread ${n} times`, `{ ${Array.from({ length: n }, () => '...A').join(' ')} } fragment A on Query { ${body} }`, 200, undefined);
    cases.push({ ...c, check: (b) => (Object.keys(b?.data ?? {}).length === n ? null : `expected ${n} merged keys`) });
  }
  cases.push(q('31 aliases spread over two fragments', `{ ...A ...B } fragment A on Query { ${aliases(16).slice(1, -1)} } fragment B on Query { ${aliases(31).slice(1, -1).replaceAll('a', 'b')} }`, 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('fragment cycle A↔B', '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('fragment self-cycle', '{ ...A } fragment A on Query { __typename ...A }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('fragment 3-cycle', '{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('fragment cycle through inline fragments', '{ ...A } fragment A on Query { ... on Query { ...B } } fragment B on Query { ... on Query { ...A } }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('fragment cycle in a nested selection', '{ me { ...C } } fragment C on Customer { orders { edges { node { customer { ...C } } } } }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('21 root fields', `{ ${Array.from({ length: 21 }, (_, i) => `r${i}: products(first: 1) { totalCount }`).join(' ')} }`, 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('51 directives', `{ __typename ${'@include(if: true) '.repeat(51)} }`, 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('6000 tokens of whitespace-separated punctuation', `{ __typename ${'@skip(if: false) '.repeat(1200)} }`, 400, 'GRAPHQL_PARSE_FAILED'));
  cases.push(q('introspection (__schema) is off in production', '{ __schema { types { name } } }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('introspection (__type) is off in production', '{ __type(name: "Order") { fields { name } } }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('misspelt field gets no suggestion', '{ prodcts { totalCount } }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('misspelt argument gets no suggestion', '{ products(frist: 1) { totalCount } }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('syntax error', '{ products { ', 400, 'GRAPHQL_PARSE_FAILED'));
  cases.push(q('unterminated string', '{ products(search: "abc) { totalCount } }', 400, 'GRAPHQL_PARSE_FAILED'));
  cases.push(q('two anonymous operations', '{ __typename } { __typename }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('subscription (not served)', 'subscription { __typename }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('variable of the wrong type', 'query($n: Int) { products(first: $n) { totalCount } }', 400, 'BAD_USER_INPUT', { n: 'many' }));
  cases.push(q('undeclared variable', '{ products(first: $n) { totalCount } }', 400, 'GRAPHQL_VALIDATION_FAILED'));
  cases.push(q('page size over the maximum', '{ products(first: 100000) { totalCount } }', 200, 'BAD_USER_INPUT'));
  cases.push(q('negative page size', '{ products(first: -1) { totalCount } }', 200, 'BAD_USER_INPUT'));
  cases.push(q('garbage cursor', '{ products(after: "%%%") { totalCount } }', 200, 'BAD_USER_INPUT'));
  cases.push(q('NUL bytes in a string argument', '{ products(search: "\\u0000\\u0000") { totalCount } }', 200, undefined));
  return cases;
}

/** Transport-level abuse: bodies, JSON, content types, methods, batches, persisted queries. */
function httpCases(url: string): HostileCase[] {
  const raw = (name: string, init: RequestInit, status: number, code?: string, target = url): HostileCase => ({ name, send: () => fetch(target, init), status, code });
  const json = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const cases: HostileCase[] = [];
  cases.push(raw('10 MB body', json(JSON.stringify({ query: `{ __typename } #${'x'.repeat(10 * 1024 * 1024)}` })), 413, 'PAYLOAD_TOO_LARGE'));
  cases.push(raw('2 MB of variables', json(JSON.stringify({ query: '{ __typename }', variables: { v: 'x'.repeat(2 * 1024 * 1024) } })), 413, 'PAYLOAD_TOO_LARGE'));
  cases.push(raw('10 MB streamed without a length', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ReadableStream.from((async function* () { for (let i = 0; i < 160; i += 1) yield new TextEncoder().encode('y'.repeat(64 * 1024)); })()),
    duplex: 'half',
  } as RequestInit, 413, 'PAYLOAD_TOO_LARGE'));
  for (const [name, body] of [
    ['truncated JSON', '{"query": '],
    ['lone bracket', '['],
    ['JSON with a trailing comma', '{"query": "{ __typename }",}'],
    ['single-quoted JSON', "{'query': '{ __typename }'}"],
    ['binary garbage', '\u0000\u0001\u0002\u00ff\u00fe'],
    ['a number', '42'],
    ['a string', '"{ __typename }"'],
    ['null', 'null'],
    ['empty object', '{}'],
    ['query is a number', '{"query": 1}'],
    ['query is null', '{"query": null}'],
    ['variables is a string', '{"query": "{ __typename }", "variables": "x"}'],
    ['extensions is a number', '{"query": "{ __typename }", "extensions": 5}'],
    ['operationName is an object', '{"query": "{ __typename }", "operationName": {}}'],
    ['empty body', ''],
  ] as const) {
    cases.push(raw(`invalid JSON body: ${name}`, json(body), 400, 'BAD_REQUEST'));
  }
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/html']) {
    cases.push(raw(`content type ${type}`, { method: 'POST', headers: { 'content-type': type }, body: '{"query":"{ __typename }"}' }, 400, 'BAD_REQUEST'));
  }
  cases.push(raw('no content type', { method: 'POST', body: '{"query":"{ __typename }"}' }, 400, 'BAD_REQUEST'));
  for (const method of ['PUT', 'DELETE', 'PATCH']) cases.push(raw(`method ${method}`, { method, headers: { 'content-type': 'application/json' }, body: '{}' }, 405));
  cases.push(raw('mutation over GET', { headers: { 'apollo-require-preflight': 'true' } }, 405, 'BAD_REQUEST', `${url}?query=${encodeURIComponent('mutation { signOut(refreshToken: "x") }')}`));
  cases.push(raw('GET without a CSRF preflight header', {}, 400, 'BAD_REQUEST', `${url}?query=${encodeURIComponent('{ __typename }')}`));
  cases.push(raw('batch of 11 operations', json(JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ __typename }' })))), 400, 'BAD_REQUEST'));
  cases.push(raw('batch of 500 operations', json(JSON.stringify(Array.from({ length: 500 }, () => ({ query: '{ __typename }' })))), 400, 'BAD_REQUEST'));
  cases.push(raw('empty batch', json('[]'), 400, 'BAD_REQUEST'));
  cases.push(raw('persisted query, unknown hash', json(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } })), 200, 'PERSISTED_QUERY_NOT_FOUND'));
  cases.push(raw('persisted query, unsupported version', json(JSON.stringify({ extensions: { persistedQuery: { version: 2, sha256Hash: 'ab'.repeat(32) } } })), 400));
  cases.push(raw('persisted query, hash does not match the query', json(JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'cd'.repeat(32) } } })), 400));
  cases.push(raw('unknown path', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 404, undefined, url.replace('/graphql', '/admin')));
  cases.push(raw('path traversal', {}, 404, undefined, url.replace('/graphql', '/../../etc/passwd')));
  cases.push(raw('browser asking for the landing page (off in production)', { headers: { accept: 'text/html' } }, 400, 'BAD_REQUEST'));
  return cases;
}

/**
 * Input out of bounds: nesting (refused before any recursive walk), lengths, cursors.
 * security-input.test.ts checks every argument straight at the subgraphs, and enum values.
 */
function inputCases(url: string): HostileCase[] {
  const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  const raw = (name: string, body: string, status: number, code: string): HostileCase => ({ name, send: () => post(url, body), status, code });
  const search = JSON.stringify('query($s: String) { products(search: $s) { totalCount } }');
  const cursor = (k: unknown) => Buffer.from(JSON.stringify([k, 'x'])).toString('base64url');
  return [
    // Built as text: JSON.stringify recurses and would overflow on these.
    raw('variable nested 5,000 levels', `{"query":${search},"variables":{"s":${deep(5000)}}}`, 400, 'BAD_USER_INPUT'),
    raw('extensions nested 5,000 levels', `{"query":"{ __typename }","extensions":{"x":${deep(5000)}}}`, 400, 'BAD_USER_INPUT'),
    raw('inline list literal nested 2,000 levels', JSON.stringify({ query: `{ products(search: ${'['.repeat(2000)}${']'.repeat(2000)}) { totalCount } }` }), 400, 'BAD_USER_INPUT'),
    raw('batch whose second operation is nested 5,000 levels', `[{"query":"{ __typename }"},{"query":${search},"variables":{"s":${deep(5000)}}}]`, 400, 'BAD_USER_INPUT'),
    raw('search of 20,000 characters', JSON.stringify({ query: JSON.parse(search), variables: { s: 'x'.repeat(20_000) } }), 200, 'BAD_USER_INPUT'),
    raw('product id of 200 characters', JSON.stringify({ query: `{ product(id: "${'x'.repeat(200)}") { id } }` }), 200, 'BAD_USER_INPUT'),
    raw('cursor with an unsafe number key', JSON.stringify({ query: `{ products(after: "${cursor(1e300)}") { totalCount } }` }), 200, 'BAD_USER_INPUT'),
    raw('cursor of 600 characters', JSON.stringify({ query: `{ products(after: "${'A'.repeat(600)}") { totalCount } }` }), 200, 'BAD_USER_INPUT'),
  ];
}

export async function hostileCorpus(context: HostileContext): Promise<HostileCase[]> {
  const url = context.stack.gatewayUrl;
  return [...documentCases(url), ...httpCases(url), ...inputCases(url), ...(await authCases(context))];
}
