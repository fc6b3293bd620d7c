import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '@ordergraph/accounts';
import { DEMO_CUSTOMERS, DEMO_ORDERS, DEMO_PRODUCTS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { hostileCorpus, type HostileCase, type HostileContext } from './hostile/corpus.js';

// A corpus of hostile requests against a stack in production mode: each gets the expected HTTP
// status and error code, none gets a 5xx or leaks internals, and every service is healthy after.
let stack: TestStack;
let corpus: HostileCase[];

/** What no response may contain: stack frames, file paths, SQL, ORM names, schema suggestions. */
const LEAKS = [/\bat [\w.<>]+ \(/, /node_modules/, /\/work\//, /\.ts:\d+/, /prisma/i, /\bSELECT\b|\bINSERT\b/, /stacktrace/i, /Did you mean/i, /postgres|pglite/i];

beforeAll(async () => {
  const identitySecret = randomBytes(48).toString('base64url');
  const signingKey = await generateSigningJwk('ES256');
  stack = await startTestStack({
    NODE_ENV: 'production',
    IDENTITY_SECRET: identitySecret,
    SERVICE_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    JWT_SIGNING_KEYS: JSON.stringify([signingKey]),
  });
  const context: HostileContext = {
    stack,
    identitySecret,
    signingKey,
    alice: DEMO_CUSTOMERS[1]!,
    admin: DEMO_CUSTOMERS[0]!,
    othersOrders: DEMO_ORDERS.filter((o) => o.customerId !== DEMO_CUSTOMERS[1]!.id),
    products: DEMO_PRODUCTS,
  };
  corpus = await hostileCorpus(context);
});
afterAll(async () => {
  await stack?.stop();
});

describe('hostile requests (production mode)', () => {
  it('the corpus holds at least 150 requests', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
  });

  it('each gets the right status and code, no 5xx, no internals', async () => {
    const failures: string[] = [];
    for (const c of corpus) {
      const response = await c.send();
      const text = await response.text();
      let body: any = null;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON: checked below */
      }
      const codes: string[] = (Array.isArray(body) ? body.flatMap((b: any) => b?.errors ?? []) : (body?.errors ?? [])).map((e: any) => e?.extensions?.code);
      const problems: string[] = [];
      if (response.status >= 500) problems.push(`5xx (${response.status})`);
      if (response.status !== c.status) problems.push(`status ${response.status}, expected ${c.status}`);
      if (body === null) problems.push(`not JSON: ${text.slice(0, 80)}`);
      if (c.code !== undefined && codes[0] !== c.code) problems.push(`code ${codes[0]}, expected ${c.code}`);
      if (c.check) {
        const why = c.check(body);
        if (why) problems.push(why);
      }
      for (const leak of LEAKS) if (leak.test(text)) problems.push(`leaks ${leak}: ${text.slice(0, 200)}`);
      if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('leaves every service healthy and serving', async () => {
    for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((s) => s.url)]) {
      const ready = await fetch(url.replace('/graphql', '/health/ready'));
      expect(ready.status).toBe(200);
    }
    const r = await stack.gql('{ products(first: 1) { totalCount } }');
    expect(r.body.data.products.totalCount).toBe(DEMO_PRODUCTS.length);
    const token = await stack.signIn(DEMO_CUSTOMERS[2]!.email, DEMO_CUSTOMERS[2]!.password);
    expect((await stack.gql('{ me { email } }', {}, { token })).body.data.me.email).toBe(DEMO_CUSTOMERS[2]!.email);
  });
});
