import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

// Field rate limits in the subgraphs (@rateLimit), the gateway's per-client operation budget,
// RateLimit-* headers, trusted proxies, and limits shared by two gateway replicas through Redis
// (TEST_REDIS_URL; without it each replica counts in its own memory, which is asserted instead).
const alice = DEMO_CUSTOMERS[1]!;
const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }';
const sharedRedis = Boolean(process.env.TEST_REDIS_URL);
let stack: TestStack;
let ip = 0;
/** A client address of its own for each test: the gateway trusts X-Forwarded-For from loopback here. */
const nextClient = () => ({ 'x-forwarded-for': `198.51.100.${++ip}` });
const code = (r: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => r.body.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  stack = await startTestStack({ TRUSTED_PROXIES: 'loopback', RATE_LIMIT_OPERATIONS: '40', RATE_LIMIT_WINDOW_SECONDS: '60' });
});
afterAll(async () => {
  await stack?.stop();
});

describe('signIn: 5 per minute per IP and email', () => {
  it('refuses the 6th attempt with RATE_LIMITED and a retry-after, right or wrong password alike', async () => {
    const headers = nextClient();
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) codes.push(code(await stack.gql(SIGN_IN, { e: alice.email, p: `guess-${i}` }, { headers })));
    expect(codes).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
    const sixth = await stack.gql(SIGN_IN, { e: alice.email, p: alice.password }, { headers });
    expect(code(sixth)).toBe('RATE_LIMITED');
    const retryAfter = sixth.body.errors?.[0]?.extensions?.retryAfter;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sixth.body.errors?.[0]?.path).toEqual(['signIn']);
    expect(Number(sixth.headers.get('retry-after'))).toBe(retryAfter);
  });

  it('counts per email (case-folded) and per IP: another email or another client is not affected', async () => {
    const headers = nextClient();
    for (let i = 0; i < 5; i += 1) await stack.gql(SIGN_IN, { e: 'Victim@Example.com', p: 'x' }, { headers });
    expect(code(await stack.gql(SIGN_IN, { e: 'victim@example.com', p: 'x' }, { headers }))).toBe('RATE_LIMITED');
    expect(code(await stack.gql(SIGN_IN, { e: 'someone-else@example.com', p: 'x' }, { headers }))).toBe('INVALID_CREDENTIALS');
    expect(code(await stack.gql(SIGN_IN, { e: 'victim@example.com', p: 'x' }, { headers: nextClient() }))).toBe('INVALID_CREDENTIALS');
  });

  it('X-Forwarded-For from an untrusted peer is ignored: spoofing it does not reset the count', async () => {
    const gateway = await stack.startGateway({ TRUSTED_PROXIES: '' });
    const email = `spoof-${Date.now()}@example.com`;
    for (let i = 0; i < 5; i += 1) {
      await stack.gql(SIGN_IN, { e: email, p: 'x' }, { url: gateway.url, headers: { 'x-forwarded-for': `203.0.113.${i}` } });
    }
    const r = await stack.gql(SIGN_IN, { e: email, p: 'x' }, { url: gateway.url, headers: { 'x-forwarded-for': '203.0.113.99' } });
    expect(code(r)).toBe('RATE_LIMITED');
  });
});

describe('per-client operation budget at the gateway', () => {
  it('sends RateLimit-* headers and refuses the operation over budget with 429, Retry-After and RATE_LIMITED', async () => {
    const headers = nextClient();
    const first = await stack.gql('{ __typename }', {}, { headers });
    expect(first.headers.get('ratelimit-limit')).toBe('40');
    expect(first.headers.get('ratelimit-remaining')).toBe('39');
    expect(first.headers.get('ratelimit-policy')).toBe('40;w=60');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    for (let i = 0; i < 39; i += 1) await stack.gql('{ __typename }', {}, { headers });
    const over = await stack.gql('{ products(first: 1) { totalCount } }', {}, { headers });
    expect(over.status).toBe(429);
    expect(code(over)).toBe('RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    // Other clients are unaffected.
    expect((await stack.gql('{ __typename }', {}, { headers: nextClient() })).status).toBe(200);
  });

  it('counts a signed-in customer by account, whichever IP they come from', async () => {
    const token = await stack.signIn(DEMO_CUSTOMERS[2]!.email, DEMO_CUSTOMERS[2]!.password);
    const a = await stack.gql('{ me { id } }', {}, { token, headers: nextClient() });
    const b = await stack.gql('{ me { id } }', {}, { token, headers: nextClient() });
    expect(Number(b.headers.get('ratelimit-remaining'))).toBe(Number(a.headers.get('ratelimit-remaining')) - 1);
  });

  it('counts every operation of a batch', async () => {
    const headers = { 'content-type': 'application/json', ...nextClient() };
    const r = await fetch(stack.gatewayUrl, { method: 'POST', headers, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit-remaining')).toBe('37');
  });
});

describe(`two gateway replicas (${sharedRedis ? 'sharing Redis' : 'in-memory counters'})`, () => {
  it(sharedRedis ? 'hold one budget between them' : 'each hold their own budget', async () => {
    const second = await stack.startGateway({ TRUSTED_PROXIES: 'loopback', RATE_LIMIT_OPERATIONS: '40' });
    const headers = nextClient();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const url = i % 2 === 0 ? stack.gatewayUrl : second.url;
      statuses.push((await stack.gql('{ __typename }', {}, { url, headers })).status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const onFirst = await stack.gql('{ __typename }', {}, { headers });
    const onSecond = await stack.gql('{ __typename }', {}, { url: second.url, headers });
    if (sharedRedis) {
      expect([onFirst.status, onSecond.status]).toEqual([429, 429]);
    } else {
      expect([onFirst.status, onSecond.status]).toEqual([200, 200]);
      expect(onFirst.headers.get('ratelimit-remaining')).toBe('19');
    }
  });

  it(sharedRedis ? 'share field limits too: signIn attempts add up across replicas' : 'share field limits (they live in the subgraph)', async () => {
    const second = await stack.startGateway({ TRUSTED_PROXIES: 'loopback' });
    const headers = nextClient();
    const email = `replicas-${Date.now()}@example.com`;
    for (let i = 0; i < 5; i += 1) {
      await stack.gql(SIGN_IN, { e: email, p: 'x' }, { url: i % 2 === 0 ? stack.gatewayUrl : second.url, headers });
    }
    expect(code(await stack.gql(SIGN_IN, { e: email, p: 'x' }, { url: second.url, headers }))).toBe('RATE_LIMITED');
  });
});
