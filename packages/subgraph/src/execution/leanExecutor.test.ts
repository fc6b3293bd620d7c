import { request } from 'node:http';
import { Writable } from 'node:stream';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { badInput, IdentityCodec, loadTelemetryConfig, ServiceTokenCodec } from '@ordergraph/core';
import { createSubgraphTelemetry } from '@ordergraph/telemetry';
import { createSubgraphService, type SubgraphExecution } from '../subgraph.js';
import { KnownOperationTypesRule } from '../security/knownOperationTypes.js';
import { LeanDocumentCache } from './leanDocuments.js';
import { CompiledQueries } from './compiledQueries.js';

// Every validation of a document, by either path, runs this rule once: it counts them.
vi.mock('../security/knownOperationTypes.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../security/knownOperationTypes.js')>();
  return { ...original, KnownOperationTypesRule: vi.fn(original.KnownOperationTypesRule) };
});

// Parity of the lean execution path with Apollo Server's request pipeline: the same requests,
// ordinary and hostile, to two services that differ only in SUBGRAPH_EXECUTION, must get the same
// status, content type, cache-control and body; and each must be served by the path expected.

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query {
    hello(name: String): String
    crash: String
    invalid: String
    lost: String
    list(n: Int!): [Int!]!
    required: String!
    customer(id: ID!): Customer
    node(id: ID!): Node
    search: [SearchResult!]!
    shelf(ids: [ID!]): Shelf
    lazy(ids: [ID!]!): [Book]!
    lazyStrict(ids: [ID!]!): [Book!]
    badInt: Int
    paint(colour: Colour!): Colour
  }
  interface Node { id: ID! }
  type Book implements Node { id: ID!, title: String!, pages: Int, colour: Colour }
  type Pen implements Node { id: ID!, colour: Colour }
  union SearchResult = Book | Pen
  type Shelf { books: [Book!]!, maybe: [Book], first: Book }
  enum Colour { RED BLUE }
  type Mutation { place(input: PlaceInput!): String }
  type Subscription { ticks: Int }
  input PlaceInput { idempotencyKey: String!, note: String }
  type Customer @key(fields: "id") { id: ID!, name: String, email: String }
`);

const lazyBook = (id: string) =>
  id.startsWith('fail') ? Promise.reject(badInput(`No book ${id}.`)) : new Promise((resolve) => setTimeout(() => resolve({ id }), 2));
const lostDatabase = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
const resolvers = {
  Query: {
    hello: (_: unknown, { name }: { name?: string }) => `hello ${name ?? 'world'}`,
    crash: () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:5432 (internal detail)');
    },
    invalid: () => {
      throw badInput('That is not allowed.');
    },
    lost: () => {
      throw lostDatabase();
    },
    list: (_: unknown, { n }: { n: number }) => Array.from({ length: n }, (_x, i) => i),
    required: () => null,
    customer: (_: unknown, { id }: { id: string }) => ({ id, name: `c${id}`, email: `${id}@example.com` }),
    node: (_: unknown, { id }: { id: string }) => (id.startsWith('b') ? { kind: 'Book', id } : id.startsWith('p') ? { kind: 'Pen', id, colour: 'BLUE' } : null),
    search: () => [{ kind: 'Book', id: 'b1' }, { kind: 'Pen', id: 'p1', colour: 'RED' }, { kind: 'Book', id: 'b2' }],
    shelf: (_: unknown, { ids }: { ids?: string[] }) => ({ ids: ids ?? ['b1', 'b2'] }),
    // Items that are promises: "fail…" rejects at once, the others resolve a little later.
    lazy: (_: unknown, { ids }: { ids: string[] }) => ids.map(lazyBook),
    lazyStrict: (_: unknown, { ids }: { ids: string[] }) => ids.map(lazyBook),
    badInt: () => 'not a number',
    paint: (_: unknown, { colour }: { colour: string }) => (colour === 'RED' ? 'BLUE' : 'RED'),
  },
  Node: { __resolveType: (o: { kind: string }) => o.kind },
  SearchResult: { __resolveType: (o: { kind: string }) => o.kind },
  // A book "null…" has no title (a null non-null field); a book "throw…" fails to load its title.
  Book: {
    title: ({ id }: { id: string }) => {
      if (id.startsWith('bthrow')) throw new Error(`title of ${id} failed (internal detail)`);
      return id.startsWith('bnull') ? null : `Title ${id}`;
    },
    pages: async ({ id }: { id: string }) => id.length * 100,
    colour: () => 'RED',
  },
  Shelf: {
    books: ({ ids }: { ids: string[] }) => ids.map((id) => ({ id })),
    maybe: async ({ ids }: { ids: string[] }) => ids.map((id) => ({ id })),
    first: ({ ids }: { ids: string[] }) => ({ id: ids[0] }),
  },
  Mutation: {
    place: () => {
      throw lostDatabase();
    },
  },
  Customer: {
    __resolveReference: (ref: { id: string }) => (ref.id === 'gone' ? null : { id: ref.id, name: `c${ref.id}`, email: `${ref.id}@example.com` }),
  },
};

function build(execution: SubgraphExecution, production: boolean, logs?: Array<Record<string, unknown>>, schema: { typeDefs: typeof typeDefs; resolvers: object } = { typeDefs, resolvers }) {
  const config = loadTelemetryConfig({ LOG_LEVEL: logs ? 'info' : 'silent', METRICS_PORT: 'api' }, production ? 'production' : 'development');
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs?.push(JSON.parse(line));
      done();
    },
  });
  const telemetry = createSubgraphTelemetry('parity', config, () => null, { logDestination });
  return createSubgraphService({
    name: 'parity',
    typeDefs: schema.typeDefs,
    resolvers: schema.resolvers as never,
    identityCodec: new IdentityCodec('i'.repeat(32)),
    serviceTokens: new ServiceTokenCodec('s'.repeat(32), 'parity'),
    createContext: () => ({}),
    exposeErrorDetails: !production,
    security: { introspection: !production, rateLimits: false },
    telemetry,
    execution,
  });
}

interface Sent {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
  path?: string;
}

function send(url: string, sent: Sent): Promise<{ status: number; contentType?: string; cacheControl?: string; body: string }> {
  const target = new URL(sent.path ?? '/graphql', url);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: sent.method ?? 'POST', headers: { 'content-type': 'application/json', ...sent.headers }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], cacheControl: res.headers['cache-control'] as string | undefined, body }),
        );
      },
    );
    req.on('error', reject);
    req.end(sent.raw ?? (sent.body === undefined ? undefined : JSON.stringify(sent.body)));
  });
}

/** Stack frames differ between the paths (their callers do); the error's own first line does not. */
const comparable = (body: string) => body.replace(/"stacktrace":\[("(?:[^"\\]|\\.)*")(,"(?:[^"\\]|\\.)*")*\]/g, '"stacktrace":[$1]');

const q = (query: string, more: Record<string, unknown> = {}) => ({ body: { query, ...more } });
const representations = [{ __typename: 'Customer', id: '1' }, { __typename: 'Customer', id: 'gone' }, { __typename: 'Customer', id: '2' }];
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name email } } }';

/** [name, request, path expected to serve it]. */
const CASES: Array<[string, Sent, 'lean' | 'apollo']> = [
  ['a plain query', q('{ hello }'), 'lean'],
  ['__typename', q('{ __typename hello }'), 'lean'],
  ['variables', q('query Q($name: String) { hello(name: $name) }', { variables: { name: 'x' } }), 'lean'],
  ['null variables, operationName and extensions', q('{ hello }', { variables: null, operationName: null, extensions: null }), 'lean'],
  ['empty extensions', q('{ hello }', { extensions: {} }), 'lean'],
  ['entities, one missing', q(ENTITIES, { variables: { r: representations } }), 'lean'],
  ['a chosen operation of several', q('query A { hello } query B { list(n: 2) }', { operationName: 'B' }), 'lean'],
  ['a resolver crash (masked in production)', q('{ hello crash }'), 'lean'],
  ['bad input from a resolver', q('{ invalid }'), 'lean'],
  ['a lost database', q('{ lost }'), 'lean'],
  ['a lost database in a mutation with an idempotency key', q('mutation($i: PlaceInput!) { place(input: $i) }', { variables: { i: { idempotencyKey: 'k-1' } } }), 'lean'],
  ['a lost database, key in a literal', q('mutation { place(input: { idempotencyKey: "k-2" }) }'), 'lean'],
  ['a null non-null root field', q('{ required }'), 'lean'],
  ['a null for a defaulted variable in @skip', q('query($b: Boolean = false) { hello @skip(if: $b) }', { variables: { b: null } }), 'lean'],
  ['a null for a defaulted variable in a non-null argument', q('query($n: Int = 2) { list(n: $n) }', { variables: { n: null } }), 'lean'],
  ['NUL in variables', q('query($name: String) { hello(name: $name) }', { variables: { name: 'a\u0000b' } }), 'lean'],
  ['NUL in a literal', q('{ hello(name: "a\\u0000b") }'), 'lean'],
  ['accept: application/json', { ...q('{ hello }'), headers: { accept: 'application/json' } }, 'lean'],
  ['accept: */*', { ...q('{ hello }'), headers: { accept: '*/*' } }, 'lean'],
  ['accept: graphql-response+json', { ...q('{ hello }'), headers: { accept: 'application/graphql-response+json' } }, 'lean'],
  ['accept: both, graphql-response first', { ...q('{ crash }'), headers: { accept: 'application/graphql-response+json, application/json' } }, 'lean'],
  ['accept: both, json first', { ...q('{ hello }'), headers: { accept: 'application/json, application/graphql-response+json' } }, 'lean'],
  ['content-type with charset', { ...q('{ hello }'), headers: { 'content-type': 'application/json; charset=utf-8' } }, 'lean'],
  // Execution itself: the compiled path (jit) must answer as graphql-js does.
  ['aliases', q('{ a: hello(name: "a") b: hello(name: "b") again: hello(name: "a") }'), 'lean'],
  ['named and inline fragments', q('query { ...Q node(id: "b1") { id ... on Book { title ...B } ...P } } fragment Q on Query { hello } fragment B on Book { pages } fragment P on Pen { colour }'), 'lean'],
  ['an interface and __typename', q('{ node(id: "p1") { __typename id ... on Pen { colour } ... on Book { title } } }'), 'lean'],
  ['a null abstract value', q('{ node(id: "x") { id } }'), 'lean'],
  ['a list of a union', q('{ search { __typename ... on Book { id title pages } ... on Pen { id colour } } }'), 'lean'],
  ['null bubbling to a list item', q('query($ids: [ID!]) { shelf(ids: $ids) { maybe { id title } } }', { variables: { ids: ['b1', 'bnull', 'b3'] } }), 'lean'],
  ['null bubbling through a non-null list to its parent', q('query($ids: [ID!]) { shelf(ids: $ids) { first { id } books { id title } } }', { variables: { ids: ['b1', 'bnull'] } }), 'lean'],
  ['a resolver error in a non-null field', q('{ shelf(ids: ["bthrow", "b1"]) { maybe { id title } first { title } } }'), 'lean'],
  ['async resolvers and a list argument literal', q('{ shelf(ids: ["b1", "b22"]) { maybe { id pages } } }'), 'lean'],
  ['a leaf that does not serialise', q('{ hello badInt }'), 'lean'],
  ['a rejected list item after a pending one, last', q('{ lazy(ids: ["b1", "fail1"]) { id } }'), 'lean'],
  ['rejected list items around pending ones', q('{ lazy(ids: ["fail0", "b1", "fail2", "b3", "fail4"]) { id } }'), 'lean'],
  ['a rejected non-null list item', q('{ hello lazyStrict(ids: ["b1", "fail1"]) { id } }'), 'lean'],
  ['enums in and out', q('query($c: Colour!) { a: paint(colour: RED) b: paint(colour: $c) node(id: "b1") { ... on Book { colour } } }', { variables: { c: 'BLUE' } }), 'lean'],
  ['@skip and @include with variables', q('query($s: Boolean!, $i: Boolean!) { a: hello @skip(if: $s) b: hello(name: "b") @include(if: $i) c: hello(name: "c") @include(if: $s) }', { variables: { s: true, i: true } }), 'lean'],
  ['a variable inside an input literal', q('mutation($k: String!) { place(input: { idempotencyKey: $k, note: "n" }) }', { variables: { k: 'k-3' } }), 'lean'],
  ['a defaulted variable left out', q('query($n: Int = 3) { list(n: $n) }'), 'lean'],
  ['two resolver errors', q('{ crash hello invalid }'), 'lean'],
  ['an unknown enum value in a variable', q('query($c: Colour!) { paint(colour: $c) }', { variables: { c: 'GREEN' } }), 'apollo'],
  // Left to Apollo, which must answer as it always did.
  ['accept with q values', { ...q('{ hello }'), headers: { accept: 'application/json;q=0.5, application/graphql-response+json' } }, 'apollo'],
  ['accept: text/html', { ...q('{ hello }'), headers: { accept: 'text/html' } }, 'apollo'],
  ['a variable that does not coerce', q('query($n: Int!) { list(n: $n) }', { variables: { n: 'x' } }), 'apollo'],
  ['a missing required variable', q('query($n: Int!) { list(n: $n) }'), 'apollo'],
  ['an unknown input field', q('mutation($i: PlaceInput!) { place(input: $i) }', { variables: { i: { idempotencyKey: 'k', nope: 1 } } }), 'apollo'],
  ['several operations, no name', q('query A { hello } query B { hello }'), 'apollo'],
  ['an unknown operation name', q('{ hello }', { operationName: 'Nope' }), 'apollo'],
  ['a parse error', q('{ hello'), 'apollo'],
  ['a validation error', q('{ nope }'), 'apollo'],
  ['introspection', q('{ __schema { queryType { name } } }'), 'apollo'],
  ['_service', q('{ _service { sdl } }'), 'apollo'],
  ['a subscription', q('subscription { ticks }'), 'apollo'],
  ['a persisted query', q('{ hello }', { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }), 'apollo'],
  ['variables as a string', q('{ hello }', { variables: '{}' }), 'apollo'],
  ['variables as an array', q('{ hello }', { variables: [1] }), 'apollo'],
  ['operationName not a string', q('{ hello }', { operationName: 7 }), 'apollo'],
  ['query not a string', q('{ hello }', { query: { kind: 'Document' } }), 'apollo'],
  ['an empty query', q(''), 'apollo'],
  ['text/plain (CSRF prevention)', { ...q('{ hello }'), headers: { 'content-type': 'text/plain' } }, 'apollo'],
  ['GET', { method: 'GET', path: '/graphql?query=%7Bhello%7D', headers: { 'apollo-require-preflight': '1' } }, 'apollo'],
  ['an empty body', { raw: '' }, 'apollo'],
];

for (const production of [true, false]) {
  describe(`lean execution: parity with Apollo Server (${production ? 'production' : 'development'})`, () => {
    // SUBGRAPH_EXECUTION=jit: a text's first request is Apollo's, its second is executed by
    // graphql-js on the lean path, its third and later by the operation graphql-jit compiled.
    const lean = build('jit', production);
    const apollo = build('apollo', production);
    const viaApollo = vi.spyOn(lean.apollo, 'executeHTTPGraphQLRequest');
    const compiledRuns = vi.spyOn(CompiledQueries.prototype, 'get');

    beforeAll(async () => {
      await Promise.all([lean.start(0, '127.0.0.1'), apollo.start(0, '127.0.0.1')]);
    });
    afterAll(async () => {
      await Promise.all([lean.stop(), apollo.stop()]);
    });

    it.each(CASES)('%s', async (_name, sent, expected) => {
      // The first request of a text is Apollo's (it parses and validates it for the lean path).
      const [a, first] = [await send(apollo.url, sent), await send(lean.url, sent)];
      expect({ ...first, body: comparable(first.body) }).toEqual({ ...a, body: comparable(a.body) });
      viaApollo.mockClear();
      compiledRuns.mockClear();
      const b = await send(lean.url, sent);
      expect({ ...b, body: comparable(b.body) }).toEqual({ ...a, body: comparable(a.body) });
      expect(viaApollo.mock.calls.length === 0 ? 'lean' : 'apollo').toBe(expected);
      const c = await send(lean.url, sent);
      expect({ ...c, body: comparable(c.body) }).toEqual({ ...a, body: comparable(a.body) });
      // The third request ran the compiled operation (the second ran graphql-js, unless an earlier
      // case sent the same text).
      // (Unless a plugin refused the request before execution, or it is one graphql-js must run.)
      const executed = 'data' in JSON.parse(c.body) && !_name.startsWith('a null for a defaulted variable');
      expect(compiledRuns.mock.results.map((r) => r.value !== null).slice(1)).toEqual(expected === 'lean' && executed ? [true] : []);
      if (production) expect(c.body).not.toMatch(/ECONNREFUSED|stacktrace|internal detail/);
      if (_name.startsWith('a null for a defaulted variable')) expect(JSON.parse(c.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('sends the same answers on later, compiled, requests', async () => {
      for (const [, sent] of CASES.slice(0, 12)) {
        const [a, b] = [await send(apollo.url, sent), await send(lean.url, sent)];
        expect(comparable(b.body)).toBe(comparable(a.body));
      }
    });

    // The one difference: graphql-jit lists the errors of null non-null fields after the others.
    it('answers the same errors when a null bubbles before another error, in another order', async () => {
      const sent = q('{ shelf(ids: ["bnull"]) { books { title } } crash }');
      const a = await send(apollo.url, sent);
      for (let i = 0; i < 2; i++) await send(lean.url, sent);
      const c = await send(lean.url, sent);
      expect(c.status).toBe(a.status);
      const [ja, jc] = [JSON.parse(comparable(a.body)), JSON.parse(comparable(c.body))];
      expect(jc.data).toEqual(ja.data);
      expect(ja.errors.map((e: { path: string[] }) => e.path[0])).toEqual(['shelf', 'crash']);
      expect(jc.errors.map((e: { path: string[] }) => e.path[0])).toEqual(['crash', 'shelf']);
      expect([...jc.errors].reverse()).toEqual(ja.errors);
    });
  });
}

describe('lean execution: documents come from Apollo Server', () => {
  const lean = build('lean', true);
  const viaApollo = vi.spyOn(lean.apollo, 'executeHTTPGraphQLRequest');
  const learned = vi.spyOn(LeanDocumentCache.prototype, 'learn');
  const validations = vi.mocked(KnownOperationTypesRule);

  beforeAll(() => lean.start(0, '127.0.0.1'));
  afterAll(() => lean.stop());

  it('leaves a text to Apollo until Apollo has validated it once, then serves it', async () => {
    const sent = q('{ hello(name: "first sight") }');
    viaApollo.mockClear();
    expect((await send(lean.url, sent)).body).toContain('hello first sight');
    expect(viaApollo).toHaveBeenCalledTimes(1);
    expect((await send(lean.url, sent)).body).toContain('hello first sight');
    expect(viaApollo).toHaveBeenCalledTimes(1);
  });

  // A costly-to-validate document that does not validate was validated twice per request on the
  // lean path (once by the lean path, once more by Apollo, which answers it): 2x the CPU of
  // SUBGRAPH_EXECUTION=apollo for a hostile caller sending fresh texts.
  it('validates a document Apollo refuses once per request, as Apollo alone does, and never caches it', async () => {
    const fragments = Array.from({ length: 200 }, (_, i) => `fragment F${i} on Query { hello }`).join(' ');
    const spreads = Array.from({ length: 200 }, (_, i) => `...F${i}`).join(' ');
    learned.mockClear();
    viaApollo.mockClear();
    validations.mockClear();
    for (let i = 0; i < 3; i++) {
      const response = await send(lean.url, q(`{ ${spreads} nope } ${fragments} # ${i}`));
      expect(response.status).toBe(400);
      expect(response.body).toContain('GRAPHQL_VALIDATION_FAILED');
    }
    expect(validations).toHaveBeenCalledTimes(3);
    expect(viaApollo).toHaveBeenCalledTimes(3);
    expect(learned).not.toHaveBeenCalled();
  });

  it('does not cache texts past the length limit, nor plain-looking ones it must leave to Apollo', () => {
    const documents = new LeanDocumentCache();
    documents.learn('{ __schema { queryType { name } } }', parse('{ __schema { queryType { name } } }'));
    documents.learn('{ hello }', parse('{ hello }'));
    const long = `{ hello } #${'x'.repeat(64 * 1024)}`;
    documents.learn(long, parse(long));
    expect(documents.get('{ __schema { queryType { name } } }')).toBeNull();
    expect(documents.get('{ hello }')).not.toBeNull();
    expect(documents.get(long)).toBeNull();
    expect(documents.get('{ never seen }')).toBeNull();
  });
});

describe('lean execution: request telemetry', () => {
  const logs = { lean: [] as Array<Record<string, unknown>>, apollo: [] as Array<Record<string, unknown>> };
  const lean = build('jit', true, logs.lean);
  const apollo = build('apollo', true, logs.apollo);

  beforeAll(async () => {
    await Promise.all([lean.start(0, '127.0.0.1'), apollo.start(0, '127.0.0.1')]);
  });
  afterAll(async () => {
    await Promise.all([lean.stop(), apollo.stop()]);
  });

  /** The request's log lines, without what differs between two runs (time, duration, pid). */
  async function logged(mode: 'lean' | 'apollo', sent: Sent) {
    const lines = logs[mode];
    lines.length = 0;
    await send((mode === 'lean' ? lean : apollo).url, { ...sent, headers: { 'x-request-id': 'req-1', ...sent.headers } });
    // pino writes asynchronously: wait for the request's summary line.
    const deadline = Date.now() + 5000;
    while (!lines.some((l) => l.msg === 'graphql request') && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    return lines.map(({ time: _t, durationMs: _d, pid: _p, hostname: _h, err, ...rest }): Record<string, unknown> => ({
      ...rest,
      ...(err ? { err: (err as { message?: string }).message } : {}),
    }));
  }

  it.each([
    ['data', q('query Named { hello }')],
    ['a crash', q('query Crash { hello crash }')],
    ['bad input', q('{ invalid }')],
    ['a lost database', q('mutation Place { place(input: { idempotencyKey: "k" }) }')],
    ['NUL', q('query Nul($name: String) { hello(name: $name) }', { variables: { name: '\u0000' } })],
  ])('logs %s as Apollo does (one summary line, same fields, same error lines)', async (_name, sent) => {
    const a = await logged('apollo', sent);
    // Apollo's, graphql-js's on the lean path, then the compiled operation's.
    for (let i = 0; i < 3; i++) expect(await logged('lean', sent)).toEqual(a);
    const b = await logged('lean', sent);
    expect(b.filter((l) => l.msg === 'graphql request')).toHaveLength(1);
  });
});

// A schema with @cacheControl hints, like products': the lean path serves only the operations
// Apollo's cache-control plugin always answers `no-store`; the header must be Apollo's either way.
const hinted = (extra: string) =>
  parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  type Query {
    product(id: ID!): Product @cacheControl(maxAge: 30)
    page(n: Int = 2): Page! @cacheControl(maxAge: 20)
    typed: Stock!
    plain: String
    zero: String @cacheControl(maxAge: 0)
    secret: Secret @cacheControl(maxAge: 50, scope: PRIVATE)
    broken: Product @cacheControl(maxAge: 30)
    named: Named @cacheControl(maxAge: 30)
  }
  type Mutation { reserve(id: ID!): Receipt!, restock(id: ID!): Stock! }
  type Receipt { ok: Boolean! }
  type Secret @cacheControl(inheritMaxAge: true) { id: ID! }
  interface Named { name: String! }
  type Page @cacheControl(inheritMaxAge: true) { items: [Product!]!, rows: [[Product]] }
  type Product implements Named @key(fields: "id") @cacheControl(inheritMaxAge: true) { id: ID!, name: String!, stock: Stock! @cacheControl(maxAge: 5) }
  type Stock @cacheControl(maxAge: 10) { available: Int! }
  ${extra}
`);
const product = (id: string) => (id === 'none' ? null : { id, name: `p${id}` });
const hintedResolvers = {
  Query: {
    product: (_: unknown, { id }: { id: string }) => product(id),
    page: (_: unknown, { n }: { n: number }) => ({ items: Array.from({ length: n }, (_x, i) => product(String(i + 1))), rows: [[product('1')], [], [null]] }),
    typed: () => ({ available: 3 }),
    plain: () => 'x',
    zero: () => 'z',
    secret: () => ({ id: 's' }),
    broken: () => {
      throw new Error('no');
    },
    named: () => ({ ...product('1'), __typename: 'Product' }),
  },
  Mutation: { reserve: () => ({ ok: true }), restock: () => ({ available: 1 }) },
  Product: { __resolveReference: (ref: { id: string }) => product(ref.id), stock: () => ({ available: 2 }) },
  Store: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
};
const PRODUCT_ENTITIES = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name stock { available } } } }', variables: { r: [{ __typename: 'Product', id: '1' }] } };

/** [name, request, path expected to serve it, the cache-control header Apollo's plugin sends]. */
const HINTED_CASES: Array<[string, Sent, 'lean' | 'apollo', string]> = [
  ['a hinted root field and a hinted field below it', q('{ product(id: "1") { id name stock { available } } }'), 'lean', 'max-age=5, public'],
  ['a hinted root field', q('{ product(id: "1") { id name } }'), 'lean', 'max-age=30, public'],
  ['a missing product', q('{ product(id: "none") { id stock { available } } }'), 'lean', 'max-age=30, public'],
  ['a hinted page', q('{ page { items { id } } }'), 'lean', 'max-age=20, public'],
  ['a page whose items resolve a shorter hint', q('{ page(n: 2) { items { id stock { available } } } }'), 'lean', 'max-age=5, public'],
  ['an empty page: the shorter hint never resolves', q('query($n: Int) { page(n: $n) { items { id stock { available } } } }', { variables: { n: 0 } }), 'lean', 'max-age=20, public'],
  ['lists of lists with nulls', q('{ page(n: 0) { rows { id stock { available } } } }'), 'lean', 'max-age=5, public'],
  ['aliases and fragments', q('{ a: product(id: "1") { ...F } b: product(id: "2") { id } } fragment F on Product { name ... on Product { stock { available } } }'), 'lean', 'max-age=5, public'],
  ['a root field typed by a hinted type', q('{ typed { available } }'), 'lean', 'max-age=10, public'],
  ['a private hint', q('{ secret { id } product(id: "1") { id } }'), 'lean', 'max-age=30, private'],
  ['a root field without a hint', q('{ plain }'), 'lean', 'no-store'],
  ['a hinted and an unhinted root field', q('{ product(id: "1") { id } plain }'), 'lean', 'no-store'],
  ['maxAge 0', q('{ zero }'), 'lean', 'no-store'],
  ['an unhinted root field under @include', q('{ product(id: "1") { id } plain @include(if: true) }'), 'lean', 'no-store'],
  ['an unhinted root field skipped', q('query($s: Boolean!) { product(id: "1") { id } plain @skip(if: $s) }', { variables: { s: true } }), 'lean', 'max-age=30, public'],
  ['a hinted field skipped by a default', q('query($s: Boolean = true) { page(n: 1) { items { id stock @skip(if: $s) { available } } } }'), 'lean', 'max-age=20, public'],
  ['an error', q('{ broken { id } product(id: "1") { id } }'), 'lean', 'no-store'],
  ['an interface (left to Apollo)', q('{ named { name } }'), 'apollo', 'max-age=30, public'],
  ['product entities', { body: PRODUCT_ENTITIES }, 'lean', 'no-store'],
  ['a mutation', q('mutation { reserve(id: "1") { ok } }'), 'lean', 'no-store'],
  ['a mutation typed by a hinted type', q('mutation { restock(id: "1") { available } }'), 'lean', 'max-age=10, public'],
  ['__typename only', q('{ __typename }'), 'lean', 'no-store'],
];

describe('lean execution: schemas with @cacheControl hints', () => {
  const schema = { typeDefs: hinted('type Store @key(fields: "id") { id: ID! }'), resolvers: hintedResolvers };
  const lean = build('jit', true, undefined, schema);
  const apollo = build('apollo', true, undefined, schema);
  const viaApollo = vi.spyOn(lean.apollo, 'executeHTTPGraphQLRequest');
  // An entity type with a max-age of its own makes `_entities` cacheable: Apollo serves it.
  const cachedEntities = { typeDefs: hinted('type Store @key(fields: "id") @cacheControl(maxAge: 60) { id: ID! }'), resolvers: hintedResolvers };
  const leanCached = build('jit', true, undefined, cachedEntities);
  const apolloCached = build('apollo', true, undefined, cachedEntities);
  const viaApolloCached = vi.spyOn(leanCached.apollo, 'executeHTTPGraphQLRequest');

  beforeAll(async () => {
    await Promise.all([lean, apollo, leanCached, apolloCached].map((s) => s.start(0, '127.0.0.1')));
  });
  afterAll(async () => {
    await Promise.all([lean, apollo, leanCached, apolloCached].map((s) => s.stop()));
  });

  it.each(HINTED_CASES)('%s', async (_name, sent, expected, header) => {
    const [a, first] = [await send(apollo.url, sent), await send(lean.url, sent)];
    expect(a.cacheControl).toBe(header);
    expect(first).toEqual(a);
    viaApollo.mockClear();
    const b = await send(lean.url, sent);
    expect(b).toEqual(a);
    expect(viaApollo.mock.calls.length === 0 ? 'lean' : 'apollo').toBe(expected);
    expect(await send(lean.url, sent)).toEqual(a);
  });

  it('leaves entity fetches to Apollo when an entity type has a max-age', async () => {
    const sent = { body: { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { id } } }', variables: { r: [{ __typename: 'Store', id: 's' }] } } };
    const [a, b] = [await send(apolloCached.url, sent), await send(leanCached.url, sent)];
    expect(b).toEqual(a);
    expect(a.cacheControl).toBe('max-age=60, public');
    expect(viaApolloCached).toHaveBeenCalledTimes(1);
  });

  it('sends the header Apollo sends, cacheable and not', async () => {
    expect((await send(lean.url, q('{ product(id: "1") { id name } }'))).cacheControl).toBe('max-age=30, public');
    expect((await send(lean.url, { body: PRODUCT_ENTITIES })).cacheControl).toBe('no-store');
  });
});
