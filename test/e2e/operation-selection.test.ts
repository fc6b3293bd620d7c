// Every check runs on exactly the operation that executes: a document and operationName that do
// not select one operation are refused before execution, on every transport (production mode).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ALICE, product } from '../support/orders.js';
import WebSocket from 'ws';
import { wsClient } from '../support/wsClient.js';
import { productionEnv } from '../support/productionEnv.js';

let stack: TestStack;
let accessToken: string;
let refreshToken: string;

const PLACE = `mutation Place { createOrder(input: { items: [{ productId: "${product(3).id}", quantity: 1 }], paymentMethod: "tok_visa" }) { id status } }`;
const PLACE_ANONYMOUS = PLACE.replace('mutation Place', 'mutation');
const OTHER = 'query Other { __typename }';
const signOut = () => `mutation Out { signOut(refreshToken: ${JSON.stringify(refreshToken)}) }`;

/** The odd ways of (not) naming the operation to run, each with the code it must get. */
const bodies = (): Array<[string, Record<string, unknown>, string]> => [
  ['empty name', { query: PLACE, operationName: '' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['empty name, anonymous operation', { query: PLACE_ANONYMOUS, operationName: '' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['blank name', { query: PLACE, operationName: '  ' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['unknown name', { query: PLACE, operationName: 'Nope' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['name of another case', { query: PLACE, operationName: 'place' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['several operations, null name', { query: `${OTHER} ${PLACE}`, operationName: null }, 'OPERATION_RESOLUTION_FAILURE'],
  ['several operations, no name', { query: `${PLACE} ${OTHER}` }, 'OPERATION_RESOLUTION_FAILURE'],
  ['several operations, empty name', { query: `${OTHER} ${PLACE}`, operationName: '' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['non-string name', { query: PLACE, operationName: 42 }, 'BAD_REQUEST'],
  ['object name', { query: PLACE, operationName: { toString: 'Place' } }, 'BAD_REQUEST'],
];

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, ...headers },
    body: JSON.stringify(body),
  });

const orderCount = async () => (await stack.gql('{ me { orders(first: 1) { totalCount } } }', {}, { token: accessToken })).body.data.me.orders.totalCount as number;

beforeAll(async () => {
  stack = await startTestStack(await productionEnv());
  const { body } = await stack.gql(`mutation { signIn(email: "${ALICE.email}", password: "${ALICE.password}") { accessToken refreshToken } }`);
  ({ accessToken, refreshToken } = body.data.signIn);
});
afterAll(async () => {
  await stack?.stop();
});

describe('operation selection (production mode)', () => {
  it('refuses, over HTTP POST, every document + operationName that does not select one operation; nothing runs', async () => {
    const before = await orderCount();
    for (const [name, body, code] of bodies()) {
      const response = await post(body);
      const json = (await response.json()) as any;
      expect({ name, status: response.status, code: json.errors?.[0]?.extensions?.code, data: json.data ?? null }).toEqual({ name, status: 400, code, data: null });
    }
    expect(await orderCount()).toBe(before);
  });

  it('refuses them in a batch, operation by operation, and runs the well-formed ones only', async () => {
    const before = await orderCount();
    // At most GRAPHQL_MAX_BATCH (10) operations; a malformed one (non-string name) refuses the whole batch (below).
    const cases = bodies().filter(([, , code]) => code === 'OPERATION_RESOLUTION_FAILURE');
    const response = await post([...cases.map(([, body]) => body), { query: '{ me { email } }' }]);
    const results = (await response.json()) as Array<{ data?: unknown; errors?: Array<{ extensions: { code: string } }> }>;
    expect(response.status).toBeLessThan(500);
    expect(results.slice(0, -1).map((r) => [r.errors?.[0]?.extensions.code, r.data ?? null])).toEqual(cases.map(([, , code]) => [code, null]));
    expect(results.at(-1)).toEqual({ data: { me: { email: ALICE.email } } });
    const malformed = await post([{ query: PLACE, operationName: 42 }, { query: PLACE, operationName: 'Place' }]);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(await orderCount()).toBe(before);
  });

  it('refuses a mutation sent as GET however it is named, and the session survives', async () => {
    const get = (params: Record<string, string>) =>
      fetch(`${stack.gatewayUrl}?${new URLSearchParams(params)}`, { headers: { 'apollo-require-preflight': 'true' } });
    for (const operationName of ['', ' ', 'Nope', undefined]) {
      const query = operationName === undefined ? `${OTHER} ${signOut()}` : signOut();
      const response = await get({ query, ...(operationName === undefined ? {} : { operationName }) });
      const json = (await response.json()) as any;
      expect({ operationName, status: response.status, data: json.data ?? null }).toEqual({ operationName, status: 400, data: null });
      expect(json.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    }
    // Named correctly, GET is still refused for a mutation (Apollo Server's rule, now on the resolved operation).
    const named = await get({ query: signOut(), operationName: 'Out' });
    expect(named.status).toBe(405);
    // signOut never ran: the refresh token still works (once; it rotates).
    const refreshed = await stack.gql(`mutation { refreshToken(refreshToken: ${JSON.stringify(refreshToken)}) { accessToken refreshToken } }`);
    expect(refreshed.body.errors).toBeUndefined();
    ({ accessToken, refreshToken } = refreshed.body.data.refreshToken);
  });

  it('refuses them over WebSocket with the same code', async () => {
    const before = await orderCount();
    const client = wsClient(stack.gatewayUrl, { connectionParams: { authorization: `Bearer ${accessToken}` } });
    try {
      for (const [name, body, code] of bodies()) {
        if (code === 'BAD_REQUEST') continue; // graphql-ws itself closes the socket on a malformed message
        const outcome = await new Promise<unknown>((resolve) => {
          const results: unknown[] = [];
          client.subscribe(body as never, {
            next: (value) => results.push(value),
            error: (error) => resolve({ error }),
            complete: () => resolve({ results }),
          });
        });
        const errors = (outcome as { error?: Array<{ extensions?: { code?: string } }> }).error;
        expect({ name, code: Array.isArray(errors) ? errors[0]?.extensions?.code : outcome }).toEqual({ name, code });
      }
    } finally {
      await client.dispose();
    }
    expect(await orderCount()).toBe(before);
  });

  it('refuses them over Server-Sent Events with a 4xx and the same code', async () => {
    const before = await orderCount();
    for (const [name, body, code] of bodies()) {
      const response = await post(body, { accept: 'text/event-stream' });
      const json = (await response.json()) as any;
      expect({ name, status: response.status, code: json.errors?.[0]?.extensions?.code }).toEqual({ name, status: 400, code });
    }
    expect(await orderCount()).toBe(before);
  });

  it('still runs the operation a well-formed request names', async () => {
    const before = await orderCount();
    const response = await post({ query: `${OTHER} ${PLACE}`, operationName: 'Place' });
    const json = (await response.json()) as any;
    expect(json.data.createOrder.status).toBe('CONFIRMED');
    expect(await orderCount()).toBe(before + 1);
  });

  it('refuses a WebSocket handshake whose Origin matches a forged Host header (only configured origins pass)', async () => {
    const url = stack.gatewayUrl.replace(/^http/, 'ws');
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(url, 'graphql-transport-ws', { headers: { origin: 'https://evil.example', host: 'evil.example' } });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('error', reject);
    });
    expect(status).toBe(403);
  });
});
