// Differential hostile-request sweep: the same odd and hostile requests sent to every service of a
// running deployed stack, comparing each subgraph's lean execution path (SUBGRAPH_EXECUTION=lean)
// with Apollo Server's (=apollo) by status, content type, error codes and whether data came back.
// Also flags any 5xx, stack trace or slow answer, checks /health/live after every case and
// reports each process's RSS before and after.
// Usage (docs/operations.md "Session 7"): each TARGET is name=url, a subgraph given twice with the
// suffixes :lean and :apollo is compared; IDENTITY_SECRET signs the gateway's identity header.
//   IDENTITY_SECRET=… SWEEP_TARGETS='gateway=http://127.0.0.1:47200/graphql,orders:lean=http://127.0.0.1:47203/graphql,orders:apollo=http://127.0.0.1:47223/graphql' \
//     node --import tsx bench/drills/hostileSweep.ts
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { IdentityCodec } from '@ordergraph/core';

interface Case {
  name: string;
  method?: string;
  /** Raw body; an object is JSON-encoded. */
  body?: unknown;
  raw?: Buffer | string;
  headers?: Record<string, string>;
  search?: string;
  /** Send a signed identity (a demo customer) as the gateway does. */
  signed?: boolean;
}

interface Outcome {
  status: number;
  contentType: string;
  codes: string;
  data: string;
  stack: boolean;
  ms: number;
  snippet: string;
  /** The whole body and the headers clients act on, compared between lean and apollo. */
  full: string;
}

const targets = (process.env.SWEEP_TARGETS ?? '').split(',').filter(Boolean).map((t) => {
  const [name, url] = t.split('=') as [string, string];
  return { name, url: new URL(url) };
});
/** Only the cases whose name matches this regular expression (e.g. during a database outage). */
const onlyCases = process.env.SWEEP_CASES ? new RegExp(process.env.SWEEP_CASES) : null;
const slowMs = Number(process.env.SWEEP_SLOW_MS ?? 2000);
const codec = process.env.IDENTITY_SECRET ? new IdentityCodec(process.env.IDENTITY_SECRET) : null;
const customerId = process.env.SWEEP_CUSTOMER_ID ?? 'c_alice';

const JSON_HEADERS = { 'content-type': 'application/json' };
const q = (query: string, rest: Record<string, unknown> = {}) => ({ query, ...rest });
const repeat = (s: string, n: number) => Array.from({ length: n }, () => s).join(' ');

/** Entity type each subgraph resolves (by the target's name), for `_entities` cases. */
const ENTITY: Record<string, string> = { accounts: 'Customer', products: 'Product', orders: 'Order', payments: 'Payment' };

function cases(service: string): Case[] {
  const entity = ENTITY[service] ?? 'Customer';
  const entities = (reps: unknown) => q(`query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${entity} { id } } }`, { variables: { r: reps } });
  const list: Case[] = [
    { name: 'typename', body: q('{ __typename }') },
    { name: 'typename named op', body: q('query A { __typename }', { operationName: 'A' }) },
    { name: 'two ops, no operationName', body: q('query A { __typename } query B { __typename }') },
    { name: 'two ops, operationName B', body: q('query A { __typename } query B { __typename }', { operationName: 'B' }) },
    { name: 'unknown operationName', body: q('query A { __typename }', { operationName: 'Nope' }) },
    { name: 'empty operationName', body: q('query A { __typename }', { operationName: '' }) },
    { name: 'operationName number', body: q('{ __typename }', { operationName: 1 }) },
    { name: 'operationName __proto__', body: q('query A { __typename }', { operationName: '__proto__' }) },
    { name: 'syntax error', body: q('{ __typename') },
    { name: 'unknown field', body: q('{ nope }') },
    { name: 'query empty string', body: q('') },
    { name: 'query null', body: { query: null } },
    { name: 'query number', body: { query: 1 } },
    { name: 'no query', body: {} },
    { name: 'body null', raw: 'null', headers: JSON_HEADERS },
    { name: 'body array empty', raw: '[]', headers: JSON_HEADERS },
    { name: 'body number', raw: '42', headers: JSON_HEADERS },
    { name: 'body string', raw: '"{ __typename }"', headers: JSON_HEADERS },
    { name: 'body true', raw: 'true', headers: JSON_HEADERS },
    { name: 'invalid JSON', raw: '{"query":', headers: JSON_HEADERS },
    { name: 'empty body', raw: '', headers: JSON_HEADERS },
    { name: 'duplicate keys', raw: '{"query":"{ nope }","query":"{ __typename }"}', headers: JSON_HEADERS },
    { name: 'duplicate keys 2', raw: '{"query":"{ __typename }","variables":{"a":1},"variables":[]}', headers: JSON_HEADERS },
    { name: 'invalid UTF-8 in query', raw: Buffer.concat([Buffer.from('{"query":"{ __typename } #'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), headers: JSON_HEADERS },
    { name: 'invalid UTF-8 in name', raw: Buffer.concat([Buffer.from('{"query":"query A'), Buffer.from([0xc3, 0x28]), Buffer.from(' { __typename }"}')]), headers: JSON_HEADERS },
    { name: 'lone surrogate', raw: '{"query":"{ __typename } # \\ud800"}', headers: JSON_HEADERS },
    { name: 'NUL in query', body: q('{ __typename } # \u0000') },
    { name: 'NUL in variable', body: entities([{ __typename: 'a\u0000b', id: '1' }]) },
    { name: 'BOM body', raw: '\ufeff{"query":"{ __typename }"}', headers: JSON_HEADERS },
    { name: 'variables array', body: q('{ __typename }', { variables: [] }) },
    { name: 'variables string', body: q('{ __typename }', { variables: '{}' }) },
    { name: 'variables number', body: q('{ __typename }', { variables: 1 }) },
    { name: 'variables null', body: q('{ __typename }', { variables: null }) },
    { name: 'variables __proto__', raw: '{"query":"query($a: Boolean) { __typename @skip(if: $a) }","variables":{"__proto__":{"a":true},"constructor":1}}', headers: JSON_HEADERS },
    { name: 'variable wrong type', body: q('query($n: Boolean!) { __typename @skip(if: $n) }', { variables: { n: 'x' } }) },
    { name: 'variable missing', body: q('query($n: Boolean!) { __typename @skip(if: $n) }') },
    { name: 'variable Int overflow', body: q('query($n: Boolean!) { __typename @skip(if: $n) }', { variables: { n: 2 ** 40 } }) },
    { name: 'variable float NaN-ish', raw: '{"query":"query($n: Boolean!) { __typename @skip(if: $n) }","variables":{"n":1e400}}', headers: JSON_HEADERS },
    { name: 'variable unknown type', body: q('query($n: Nope) { __typename @skip(if: $n) }', { variables: { n: 1 } }) },
    { name: 'variable null for default', body: q('query($s: Boolean = false) { __typename @skip(if: $s) }', { variables: { s: null } }) },
    { name: 'extensions empty', body: q('{ __typename }', { extensions: {} }) },
    { name: 'extensions junk', body: q('{ __typename }', { extensions: { foo: 1 } }) },
    { name: 'extensions array', body: q('{ __typename }', { extensions: [] }) },
    { name: 'extensions string', body: q('{ __typename }', { extensions: 'x' }) },
    { name: 'APQ unknown hash', body: { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } } },
    { name: 'APQ mismatched hash', body: q('{ __typename }', { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }) },
    { name: 'APQ version 2', body: q('{ __typename }', { extensions: { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } } }) },
    { name: 'APQ hash number', body: q('{ __typename }', { extensions: { persistedQuery: { version: 1, sha256Hash: 1 } } }) },
    { name: 'batch of 2', body: [q('{ __typename }'), q('{ __typename }')] },
    { name: 'batch of 1000', body: Array.from({ length: 1000 }, () => q('{ __typename }')) },
    { name: 'batch with junk', body: [q('{ __typename }'), 1] },
    { name: 'introspection __schema', body: q('{ __schema { queryType { name } } }') },
    { name: 'introspection __type', body: q('{ __type(name: "Query") { name } }') },
    { name: 'introspection in fragment', body: q('{ ...F } fragment F on Query { __schema { types { name } } }') },
    { name: 'introspection aliased', body: q('{ s: __schema { queryType { name } } }') },
    { name: '_service sdl', body: q('{ _service { sdl } }') },
    { name: '_service aliased in fragment', body: q('query { ...F } fragment F on Query { x: _service { sdl } }') },
    { name: 'skip true', body: q('{ __typename @skip(if: true) }') },
    { name: 'include var', body: q('query($i: Boolean!) { __typename @include(if: $i) }', { variables: { i: false } }) },
    { name: 'skip undefined var', body: q('{ __typename @skip(if: $x) }') },
    { name: 'unknown directive', body: q('{ __typename @nope }') },
    { name: 'defer', body: q('{ ... @defer { __typename } }') },
    { name: 'defer multipart accept', body: q('{ ... @defer { __typename } }'), headers: { ...JSON_HEADERS, accept: 'multipart/mixed;deferSpec=20220824, application/json' } },
    { name: 'stream', body: q('{ __typename @stream }') },
    { name: 'subscription', body: q('subscription { __typename }') },
    { name: 'fragment cycle', body: q('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }') },
    { name: 'fragment bomb', body: q(`{ ...B0 } ${Array.from({ length: 40 }, (_, i) => `fragment B${i} on Query { ${i < 39 ? `...B${i + 1} ...B${i + 1}` : '__typename'} }`).join(' ')}`) },
    { name: 'inline fragment bomb', body: q(`{ ...B0 } ${Array.from({ length: 40 }, (_, i) => `fragment B${i} on Query { ... on Query { ${i < 39 ? `...B${i + 1} ...B${i + 1}` : '__typename'} } }`).join(' ')}`) },
    { name: 'unused fragment', body: q('{ __typename } fragment A on Query { __typename }') },
    { name: 'fragment only', body: q('fragment A on Query { __typename }') },
    { name: 'deep selection 60', body: q(`{ ${'... on Query { '.repeat(60)}__typename ${'} '.repeat(60)}}`) },
    { name: 'deep selection 200', body: q(`{ ${'... on Query { '.repeat(200)}__typename ${'} '.repeat(200)}}`) },
    { name: 'deep list literal', body: q(`query($x: Int = ${'['.repeat(200)}1${']'.repeat(200)}) { __typename }`) },
    { name: 'huge string literal', body: q(`{ _entities(representations: [{ __typename: "${'x'.repeat(600_000)}" }]) { __typename } }`) },
    { name: 'huge comment', body: q(`{ __typename } #${'x'.repeat(600_000)}`) },
    { name: '5000 aliases', body: q(`{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ')} }`) },
    { name: '20000 same fields', body: q(`{ ${repeat('__typename', 20_000)} }`) },
    { name: '3000 directives', body: q(`{ __typename ${repeat('@skip(if: false)', 3000)} }`) },
    { name: '3000 include on one field', body: q(`{ __typename ${repeat('@include(if: true)', 3000)} }`) },
    { name: '2000 variables', body: q(`query(${Array.from({ length: 2000 }, (_, i) => `$v${i}: Int`).join(', ')}) { __typename }`) },
    { name: '60k-char operation name', body: q(`query ${'A'.repeat(60_000)} { __typename }`) },
    { name: 'long operationName value', body: q('{ __typename }', { operationName: 'A'.repeat(100_000) }) },
    { name: 'mutation typename', body: q('mutation { __typename }') },
    { name: 'GET typename', method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}` },
    { name: 'GET with preflight header', method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}`, headers: { 'apollo-require-preflight': 'true' } },
    { name: 'GET mutation', method: 'GET', search: `?query=${encodeURIComponent('mutation { __typename }')}`, headers: { 'apollo-require-preflight': 'true' } },
    { name: 'GET bad variables', method: 'GET', search: `?query=${encodeURIComponent('{ __typename }')}&variables=%7Bx`, headers: { 'apollo-require-preflight': 'true' } },
    { name: 'GET no query', method: 'GET', headers: { 'apollo-require-preflight': 'true' } },
    { name: 'HEAD', method: 'HEAD', search: `?query=${encodeURIComponent('{ __typename }')}` },
    { name: 'PUT', method: 'PUT', body: q('{ __typename }') },
    { name: 'OPTIONS', method: 'OPTIONS' },
    { name: 'text/plain (CSRF)', raw: JSON.stringify(q('{ __typename }')), headers: { 'content-type': 'text/plain' } },
    { name: 'form (CSRF)', raw: 'query=%7B__typename%7D', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { name: 'no content-type', raw: JSON.stringify(q('{ __typename }')), headers: {} },
    { name: 'text/plain; application/json', raw: JSON.stringify(q('{ __typename }')), headers: { 'content-type': 'text/plain; application/json' } },
    { name: 'json charset utf-16', raw: JSON.stringify(q('{ __typename }')), headers: { 'content-type': 'application/json; charset=utf-16' } },
    { name: 'json uppercase', raw: JSON.stringify(q('{ __typename }')), headers: { 'content-type': 'APPLICATION/JSON' } },
    { name: 'graphql-response+json request', raw: JSON.stringify(q('{ __typename }')), headers: { 'content-type': 'application/graphql-response+json' } },
    { name: 'application/graphql', raw: '{ __typename }', headers: { 'content-type': 'application/graphql' } },
    { name: 'accept text/html', body: q('{ __typename }'), headers: { ...JSON_HEADERS, accept: 'text/html' } },
    { name: 'accept graphql-response', body: q('{ __typename }'), headers: { ...JSON_HEADERS, accept: 'application/graphql-response+json' } },
    { name: 'accept event-stream', body: q('{ __typename }'), headers: { ...JSON_HEADERS, accept: 'text/event-stream' } },
    { name: 'accept nothing acceptable', body: q('{ __typename }'), headers: { ...JSON_HEADERS, accept: 'image/png' } },
    { name: 'content-encoding gzip (lie)', raw: JSON.stringify(q('{ __typename }')), headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' } },
    { name: '2 MB body', raw: JSON.stringify(q(`{ __typename } #${'x'.repeat(2_000_000)}`)), headers: JSON_HEADERS },
    { name: 'JSON nested 100k', raw: `{"query":"{ __typename }","variables":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, headers: JSON_HEADERS },
    { name: 'identity junk', body: q('{ __typename }'), headers: { ...JSON_HEADERS, 'x-ordergraph-identity': 'garbage' } },
    { name: 'identity alg none', body: q('{ __typename }'), headers: { ...JSON_HEADERS, 'x-ordergraph-identity': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' } },
    { name: 'identity huge', body: q('{ __typename }'), headers: { ...JSON_HEADERS, 'x-ordergraph-identity': 'a'.repeat(12_000) } },
    { name: 'service token junk', body: q('{ __typename }'), headers: { ...JSON_HEADERS, 'x-ordergraph-service': 'a.b.c' } },
    { name: 'signed typename', body: q('{ __typename }'), signed: true },
    { name: 'entities empty', body: entities([]) },
    { name: 'entities junk number', body: entities([1]) },
    { name: 'entities empty object', body: entities([{}]) },
    { name: 'entities unknown type', body: entities([{ __typename: 'Nope', id: '1' }]) },
    { name: 'entities __proto__ type', body: entities([{ __typename: '__proto__', id: '1' }]) },
    { name: 'entities Query type', body: entities([{ __typename: 'Query', id: '1' }]) },
    { name: 'entities missing key', body: entities([{ __typename: entity }]) },
    { name: 'entities key wrong type', body: entities([{ __typename: entity, id: { a: 1 } }]) },
    { name: 'entities key huge', body: entities([{ __typename: entity, id: 'x'.repeat(10_000) }]) },
    { name: 'entities unknown id', body: entities([{ __typename: entity, id: 'nope' }]) },
    { name: 'entities unknown id signed', body: entities([{ __typename: entity, id: 'nope' }]), signed: true },
    { name: 'entities 5000', body: entities(Array.from({ length: 5000 }, (_, i) => ({ __typename: entity, id: `x${i}` }))) },
    { name: 'entities 20000', body: entities(Array.from({ length: 20_000 }, (_, i) => ({ __typename: entity, id: `x${i}` }))) },
    { name: 'entities null', body: entities(null) },
    { name: 'entities literal junk', body: q(`{ _entities(representations: [1, "x", null]) { __typename } }`) },
  ];
  const own: Record<string, Case[]> = {
    accounts: [
      { name: 'me anonymous', body: q('{ me { id email } }') },
      { name: 'me signed', body: q('{ me { id email } }'), signed: true },
      { name: 'signIn bad', body: q('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }', { variables: { e: 'x@y.z', p: 'nope' } }) },
      { name: 'setCustomerRole anon', body: q('mutation { setCustomerRole(customerId: "x", role: ADMIN) { id } }') },
    ],
    products: [
      { name: 'products list', body: q('{ products(first: 2) { edges { node { id } } } }') },
      { name: 'products first huge', body: q('{ products(first: 100000000) { edges { node { id } } } }') },
      { name: 'products first negative', body: q('{ products(first: -1) { edges { node { id } } } }') },
      { name: 'product bogus id', body: q('{ product(id: "nope") { id } }') },
      { name: 'reserveStock anon', body: q('mutation { reserveStock(input: { orderId: "o", items: [] }) { __typename } }') },
      { name: 'restock signed customer', body: q('mutation { restock(productId: "x", quantity: 1) { id } }'), signed: true },
    ],
    orders: [
      { name: 'orders anonymous', body: q('{ orders(first: 2) { edges { node { id } } } }') },
      { name: 'orders signed', body: q('{ orders(first: 2) { edges { node { id status } } } }'), signed: true },
      { name: 'order bogus id signed', body: q('{ order(id: "nope") { id } }'), signed: true },
      { name: 'createOrder anon', body: q('mutation { createOrder(input: { items: [], paymentMethod: "tok_visa", idempotencyKey: "k" }) { id } }') },
      { name: 'createOrder signed empty items', body: q('mutation { createOrder(input: { items: [], paymentMethod: "tok_visa", idempotencyKey: "k" }) { id } }'), signed: true },
      { name: 'cancelOrder bogus signed', body: q('mutation { cancelOrder(id: "nope") { id } }'), signed: true },
    ],
    payments: [
      { name: 'chargePayment anon', body: q('mutation { chargePayment(input: { orderId: "o", amount: 1, currency: "USD", paymentMethod: "tok_visa", idempotencyKey: "k" }) { __typename } }') },
      { name: 'voidPayment anon', body: q('mutation { voidPayment(input: { orderId: "o" }) { __typename } }') },
    ],
  };
  return [...list, ...(own[service] ?? [])];
}

async function send(url: URL, c: Case): Promise<Outcome> {
  const method = c.method ?? 'POST';
  const raw = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  const headers: Record<string, string> = { ...(c.raw === undefined && c.body !== undefined ? JSON_HEADERS : {}), ...c.headers };
  if (c.signed && codec) headers['x-ordergraph-identity'] = await codec.signRequest({ identity: { customerId, role: 'CUSTOMER' }, clientIp: '127.0.0.9' });
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(new URL(`${url.pathname}${c.search ?? ''}`, url), { method, headers, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let codes = '';
        let data = '';
        try {
          const json = JSON.parse(text) as unknown;
          const results = Array.isArray(json) ? json : [json];
          codes = results.map((r: any) => (r?.errors ?? []).map((e: any) => e?.extensions?.code ?? '(none)').join('+') || (r?.error ? 'error' : '-')).join('|');
          data = results.map((r: any) => (r?.data === undefined ? 'none' : r.data === null ? 'null' : 'yes')).join('|');
        } catch {
          codes = text === '' ? '(empty)' : '(not json)';
        }
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? '').split(';')[0]!,
          codes,
          data,
          stack: /\bat .*\((\/|node:)|stacktrace|\.ts:\d+/.test(text),
          ms: Math.round(performance.now() - started),
          snippet: text.slice(0, 160).replace(/\s+/g, ' '),
          full: `${COMPARED_HEADERS.map((h) => `${h}=${res.headers[h] ?? ''}`).join(' ')} ${text}`,
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) =>
      resolve({ status: 0, contentType: '', codes: `NETWORK ${(error as NodeJS.ErrnoException).code ?? error.message}`, data: '', stack: false, ms: Math.round(performance.now() - started), snippet: '', full: '' }),
    );
    if (raw !== undefined) req.end(raw);
    else req.end();
  });
}

async function alive(url: URL): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health/live', url), { signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** RSS (MB) of the process listening on the URL's port, from ss and /proc. */
function rssOf(url: URL): number | null {
  try {
    const line = execFileSync('ss', ['-ltnpH', `sport = :${url.port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(line)?.[1];
    if (!pid) return null;
    const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return null;
  }
}

const COMPARED_HEADERS = ['content-type', 'cache-control', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'allow', 'vary'];
const key = (o: Outcome) => `${o.status} ${o.contentType} ${o.codes} data:${o.data}`;
/** A body larger than the limit may be refused before the client finished sending it: 413 or a cut connection. */
const settle = (o: Outcome) => (/EPIPE|ECONNRESET/.test(o.codes) ? { ...o, status: 413, codes: 'PAYLOAD_TOO_LARGE', data: 'none', full: '(413)' } : o.status === 413 ? { ...o, full: '(413)' } : o);
const results = new Map<string, Map<string, Outcome>>();
const problems: string[] = [];
for (const target of targets) {
  const service = target.name.split(':')[0]!;
  const before = rssOf(target.url);
  const outcomes = new Map<string, Outcome>();
  for (const c of cases(service)) {
    if (onlyCases && !onlyCases.test(c.name)) continue;
    const outcome = await send(target.url, c);
    outcomes.set(c.name, outcome);
    if (outcome.status >= 500 || (outcome.status === 0 && settle(outcome).status !== 413)) problems.push(`${target.name} «${c.name}»: ${key(outcome)} ${outcome.snippet}`);
    if (outcome.stack) problems.push(`${target.name} «${c.name}»: stack trace in the response: ${outcome.snippet}`);
    if (outcome.ms > slowMs) problems.push(`${target.name} «${c.name}»: slow, ${outcome.ms} ms`);
    if (!(await alive(target.url))) {
      problems.push(`${target.name} «${c.name}»: /health/live failed afterwards`);
      break;
    }
  }
  results.set(target.name, outcomes);
  console.log(`${target.name}: ${outcomes.size} cases, RSS ${before} -> ${rssOf(target.url)} MB`);
}

// Lean versus Apollo, per subgraph.
for (const [name, lean] of results) {
  if (!name.endsWith(':lean')) continue;
  const apollo = results.get(name.replace(/:lean$/, ':apollo'));
  if (!apollo) continue;
  let same = 0;
  for (const [caseName, l] of lean) {
    const found = apollo.get(caseName);
    if (!found) continue;
    const [l2, a] = [settle(l), settle(found)];
    if (key(l2) === key(a) && l2.full === a.full) same++;
    else if (key(l2) === key(a)) problems.push(`${name} vs apollo «${caseName}»: same status and codes, other body or headers:\n  lean   ${l2.full.slice(0, 400)}\n  apollo ${a.full.slice(0, 400)}`);
    else problems.push(`${name} vs apollo «${caseName}»: lean ${key(l2)} ${l2.snippet} | apollo ${key(a)} ${a.snippet}`);
  }
  console.log(`${name.replace(/:lean$/, '')}: ${same}/${lean.size} cases answered alike by lean and apollo`);
}
if (process.env.SWEEP_VERBOSE) for (const [name, outcomes] of results) for (const [c, o] of outcomes) console.log(`${name}\t${c}\t${key(o)}\t${o.ms}ms\t${o.snippet}`);
console.log(problems.length ? `${problems.length} problems:\n${problems.join('\n')}` : 'no problems');
process.exit(problems.length ? 1 : 0);
