import type { TestStack } from '@ordergraph/testing';
import { collect, wsClient } from '../../support/wsClient.js';

/** Deeply nested input on every entry point; each must be refused with 400 BAD_USER_INPUT. */
export interface DepthCase {
  name: string;
  /** WebSocket answers have no HTTP status: a refusal there reports 400. */
  send: () => Promise<{ status: number; code: unknown; message: string }>;
}

// Built as text: JSON.stringify itself recurses and would overflow on these values.
const arrays = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const QUERY = 'query($s: String) { products(search: $s) { totalCount } }';
const body = (variables: string, extra = '') => `{"query":${JSON.stringify(QUERY)},"variables":{"s":${variables}}${extra}}`;

async function answer(response: Response) {
  const parsed = (await response.json()) as any;
  const error = (Array.isArray(parsed) ? parsed.flatMap((p: any) => p.errors ?? []) : (parsed.errors ?? []))[0];
  return { status: response.status, code: error?.extensions?.code, message: String(error?.message) };
}

const post = (url: string, text: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text }).then(answer);

async function overWebSocket(url: string, variables: Record<string, unknown>, connectionParams?: Record<string, unknown>) {
  const client = wsClient(url, { connectionParams });
  try {
    const collected = collect(client, QUERY, variables);
    const deadline = Date.now() + 10_000;
    while (collected.errors.length === 0 && collected.events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const error = (collected.errors.flat() as any[])[0];
    return { status: error ? 400 : 200, code: error?.extensions?.code, message: String(error?.message) };
  } finally {
    await client.dispose();
  }
}

export function deepInputCases(stack: TestStack): DepthCase[] {
  const gateway = stack.gatewayUrl;
  const deepValue = JSON.parse(arrays(1000)) as unknown;
  const literal = (value: string) => JSON.stringify({ query: `{ products(search: ${value}) { totalCount } }` });
  const cases: DepthCase[] = [
    { name: 'variable nested 5,000 arrays deep (≈10 KB)', send: () => post(gateway, body(arrays(5000))) },
    { name: 'variable nested 5,000 objects deep', send: () => post(gateway, body(objects(5000))) },
    { name: 'variable nested 65 levels (one past the limit)', send: () => post(gateway, body(arrays(65))) },
    { name: 'extensions nested 5,000 levels', send: () => post(gateway, body('"x"', `,"extensions":{"x":${arrays(5000)}}`)) },
    { name: 'inline list literal nested 3,000 levels', send: () => post(gateway, literal(`${'['.repeat(3000)}${']'.repeat(3000)}`)) },
    { name: 'inline object literal nested 1,000 levels', send: () => post(gateway, literal(`${'{a: '.repeat(1000)}1${'}'.repeat(1000)}`)) },
    { name: 'variable default nested 1,000 levels', send: () => post(gateway, JSON.stringify({ query: `query($s: String = ${'['.repeat(1000)}${']'.repeat(1000)}) { products(search: $s) { totalCount } }` })) },
    { name: 'GET with variables nested 1,000 levels', send: () => fetch(`${gateway}?query=${encodeURIComponent(QUERY)}&variables=${encodeURIComponent(`{"s":${arrays(1000)}}`)}`, { headers: { 'apollo-require-preflight': 'true' } }).then(answer) },
    { name: 'second operation of a batch nested 5,000 levels', send: () => post(gateway, `[{"query":"{ __typename }"},${body(arrays(5000))}]`) },
    { name: 'SSE with variables nested 5,000 levels', send: () => post(gateway, body(arrays(5000)), { accept: 'text/event-stream' }) },
    { name: 'WebSocket subscribe payload nested 1,000 levels', send: () => overWebSocket(gateway, { s: deepValue }) },
  ];
  for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
    cases.push({ name: `${name}: variable nested 5,000 levels`, send: () => post(subgraph.url, body(arrays(5000))) });
    cases.push({ name: `${name}: representations nested 5,000 levels`, send: () => post(subgraph.url, `{"query":"query($r: [_Any!]!) { _entities(representations: $r) { __typename } }","variables":{"r":[{"__typename":"X","id":${arrays(5000)}}]}}`) });
  }
  cases.push({ name: 'orders: WebSocket subscribe payload nested 1,000 levels', send: () => overWebSocket(stack.subgraphs.orders.url, { s: deepValue }) });
  return cases;
}
