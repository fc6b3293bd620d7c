import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { scrapeMetrics, startTestStack, type TestStack } from '@ordergraph/testing';
import { customerOrdersChannel } from '@ordergraph/pubsub';
import { ALICE, BOB, createOrder, product, setStock } from '../support/orders.js';
import { waitFor } from '../support/waitFor.js';
import { collect, wsClient } from '../support/wsClient.js';

// The WebSocket transport's auth, limits and bad input, on a gateway with tight limits and an
// HS256 secret (so the test can mint tokens that expire in seconds).
const SECRET = 'subscriptions-protocol-test-secret-0123456789';
const ORIGIN = 'http://shop.example';
let stack: TestStack;
let gateway: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  stack = await startTestStack();
  gateway = await stack.startGateway({
    JWT_SECRET: SECRET,
    ALLOWED_ORIGINS: ORIGIN,
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
    WS_MAX_CONNECTIONS_PER_IP: '4',
    WS_CONNECTION_INIT_TIMEOUT_MS: '300',
    WS_MESSAGES_PER_SECOND: '5',
    WS_MESSAGE_BURST: '20',
  });
});
afterAll(async () => {
  await stack?.stop();
});

const hs256 = (sub: string, expiresInSeconds: number) =>
  new SignJWT({ role: 'CUSTOMER' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('ordergraph-accounts')
    .setAudience('ordergraph')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(new TextEncoder().encode(SECRET));

/** A raw graphql-transport-ws socket: what it receives and how it closed. */
function raw(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
  const messages: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', () => resolve({ code: -1, reason: 'error' }));
  });
  const unexpected = new Promise<number>((resolve) => socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const open = Promise.race([
    new Promise<void>((resolve) => socket.on('open', () => resolve())),
    unexpected.then((status) => Promise.reject(new Error(`handshake refused with HTTP ${status}`))),
  ]);
  open.catch(() => undefined);
  const send = (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  const waitFor = async (predicate: (m: any) => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = messages.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
  };
  return { socket, messages, closed, unexpected, open, send, waitFor };
}

async function acked(token?: string) {
  const c = raw(gateway.url);
  await c.open;
  c.send({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} });
  await c.waitFor((m) => m.type === 'connection_ack');
  return c;
}

describe('WebSocket auth', () => {
  it('closes 4401 on an invalid token and when the token expires; refuses anonymous subscriptions with UNAUTHENTICATED', async () => {
    const bad = raw(gateway.url);
    await bad.open;
    bad.send({ type: 'connection_init', payload: { authorization: 'Bearer not.a.jwt' } });
    expect((await bad.closed).code).toBe(4401);

    const anonymous = await acked();
    anonymous.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id } }' } });
    const error = await anonymous.waitFor((m) => m.id === '1');
    expect(error.type).toBe('error');
    expect(error.payload[0].extensions.code).toBe('UNAUTHENTICATED');
    anonymous.socket.close();

    const expiring = await acked(await hs256(ALICE.id, 2));
    expiring.send({ id: 'a', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id } }' } });
    const closed = await expiring.closed;
    expect(closed).toEqual({ code: 4401, reason: 'Unauthorized: the access token expired' });
  });

  it('refuses a handshake from an origin outside the allow-list, accepts the allowed one', async () => {
    const evil = raw(gateway.url, { origin: 'http://evil.example' });
    expect(await evil.unexpected).toBe(403);
    const shop = raw(gateway.url, { origin: ORIGIN });
    await shop.open;
    shop.socket.close();
  });
});

describe('WebSocket bad input and limits', () => {
  it('answers bad operations with GraphQL errors and keeps the connection', async () => {
    const c = await acked(await hs256(ALICE.id, 600));
    // One at a time: this gateway allows 2 subscriptions per connection, in preparation included.
    c.send({ id: 'p', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates {' } });
    expect((await c.waitFor((m) => m.id === 'p')).payload[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    c.send({ id: 'v', type: 'subscribe', payload: { query: 'subscription { noSuchField }' } });
    expect((await c.waitFor((m) => m.id === 'v')).payload[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    c.send({ id: 'n', type: 'subscribe', payload: { query: 'subscription A { myOrderUpdates { id } }', operationName: 'B' } });
    expect((await c.waitFor((m) => m.id === 'n')).payload[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    c.send({ id: 'q', type: 'subscribe', payload: { query: '{ me { email } }' } });
    // Queries and mutations are answered over the socket too: one `next`, then `complete`.
    expect((await c.waitFor((m) => m.id === 'q' && m.type === 'next')).payload).toEqual({ data: { me: { email: ALICE.email } } });
    await c.waitFor((m) => m.id === 'q' && m.type === 'complete');
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
    c.socket.close();
  });

  it('limits subscriptions per connection with TOO_MANY_SUBSCRIPTIONS', async () => {
    const c = await acked(await hs256(ALICE.id, 600));
    for (const id of ['1', '2', '3']) c.send({ id, type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id } }' } });
    const refused = await c.waitFor((m) => m.type === 'error');
    expect(refused.id).toBe('3');
    expect(refused.payload[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    // Completing one makes room again: the gateway's count of running subscriptions drops, and a
    // new one is accepted and running (it receives the next event of Alice's orders).
    const running = async () => (await scrapeMetrics(gateway.url)).value('graphql_active_subscriptions')!;
    const before = await running();
    c.send({ id: '1', type: 'complete' });
    await waitFor('the completed subscription to be released', async () => (await running()) === before - 1);
    const listeners = stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id));
    // Another selection than 2's: its own upstream subscription (identical ones would share 2's).
    c.send({ id: '4', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id status } }' } });
    await waitFor('subscription 4 upstream', () => stack.pubsub.listenerCount(customerOrdersChannel(ALICE.id)) > listeners);
    const p = product(53);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, await stack.signIn(ALICE.email, ALICE.password), { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    expect((await c.waitFor((m) => m.id === '4')).payload).toEqual({ data: { myOrderUpdates: { id: order.id, status: 'PENDING' } } });
    expect(c.messages.filter((m) => m.type === 'error')).toEqual([refused]);
    c.socket.close();
  });

  it('closes with the protocol codes: malformed message 4400, duplicate id 4409, no connection_init 4408, flood 1008, subscribe before init 4401', async () => {
    const malformed = await acked();
    malformed.send('{"type":"subscribe","id":1}');
    expect((await malformed.closed).code).toBe(4400);

    const duplicate = await acked(await hs256(ALICE.id, 600));
    duplicate.send({ id: 'x', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id } }' } });
    duplicate.send({ id: 'x', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id } }' } });
    expect((await duplicate.closed).code).toBe(4409);

    const silent = raw(gateway.url);
    await silent.open;
    expect((await silent.closed).code).toBe(4408);

    const early = raw(gateway.url);
    await early.open;
    early.send({ id: 'e', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id } }' } });
    expect((await early.closed).code).toBe(4401);

    const flood = await acked();
    for (let i = 0; i < 100; i++) flood.send({ type: 'ping' });
    expect(await flood.closed).toEqual({ code: 1008, reason: 'Too many messages' });

    // The gateway is still healthy.
    const r = await stack.gql('{ products(first: 1) { totalCount } }', {}, { url: gateway.url });
    expect(r.status).toBe(200);
  });

  it('limits connections per client IP (HTTP 429 on the handshake)', async () => {
    // The sockets of the tests before have closed.
    await waitFor('no open WebSocket', async () => (await scrapeMetrics(gateway.url)).value('websocket_connections') === 0, 5000);
    const open = await Promise.all([0, 1, 2, 3].map(() => acked()));
    const fifth = raw(gateway.url);
    expect(await fifth.unexpected).toBe(429);
    for (const c of open) c.socket.close();
  });

  it('a subscription sent over HTTP gets SUBSCRIPTIONS_NOT_SUPPORTED_OVER_HTTP', async () => {
    const r = await stack.gql('subscription { myOrderUpdates { id } }', {}, { token: await hs256(ALICE.id, 600), url: gateway.url });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTIONS_NOT_SUPPORTED_OVER_HTTP');
  });
});

describe('deduplication and metrics', () => {
  it('identical subscriptions of one caller share one upstream subscription; different callers do not', async () => {
    const stats = () => stack.gateway.subscriptionStats();
    const before = stats();
    const alice1 = wsClient(stack.gatewayUrl, { connectionParams: { authorization: `Bearer ${await stack.signIn(ALICE.email, ALICE.password)}` } });
    const alice2 = wsClient(stack.gatewayUrl, { connectionParams: { authorization: `Bearer ${await stack.signIn(ALICE.email, ALICE.password)}` } });
    const bob = wsClient(stack.gatewayUrl, { connectionParams: { authorization: `Bearer ${await stack.signIn(BOB.email, BOB.password)}` } });
    const query = 'subscription { myOrderUpdates { id status } }';
    const feeds = [collect(alice1, query), collect(alice1, query), collect(alice2, query), collect(bob, query)];
    await waitFor('4 subscribers', () => stats().subscribers >= before.subscribers + 4, 5000);
    expect(stats()).toEqual({ upstream: before.upstream + 2, subscribers: before.subscribers + 4 });
    const metrics = await scrapeMetrics(stack.gatewayUrl);
    expect(metrics.value('graphql_active_subscriptions')).toBe(4);
    expect(metrics.value('websocket_connections')).toBe(3);
    for (const f of feeds) f.stop();
    await Promise.all([alice1.dispose(), alice2.dispose(), bob.dispose()]);
    await waitFor('the upstream subscriptions to end', () => stats().upstream === before.upstream && stats().subscribers === before.subscribers, 5000);
    expect(stats()).toEqual(before);
  });
});
