// Issue #15's "done when": a shop set up from an empty database in production mode, without demo
// data. Migrate with `pnpm db:migrate`, create the admin with `pnpm admin:create` (password on
// stdin), then the admin builds the catalog through the API and a new customer orders and pays
// through the simulator (explicitly enabled) → CONFIRMED. Needs PostgreSQL (TEST_DATABASE_URL): the
// commands run as their own processes, and embedded PGlite admits one process at a time (and costs a
// WASM start per process); the admin command on PGlite is the same code (openAccountsDatabase).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createAccountsService, generateSigningJwk, loadAccountsConfig, openAccountsDatabase, seedAccounts } from '@ordergraph/accounts';
import { resolveDatabaseTarget } from '@ordergraph/db';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { loadPaymentsConfig } from '@ordergraph/payments';
import { startStack, type Stack } from '@ordergraph/stack';

const ROOT = path.resolve(import.meta.dirname, '../..');
const databaseUrl = process.env.TEST_DATABASE_URL;
const prefix = `boot${randomBytes(4).toString('hex')}_`;
const secret = () => randomBytes(30).toString('base64url');
const ADMIN = { email: 'ops@shop.example', password: `ops-${secret()}` };
const demoAdmin = DEMO_CUSTOMERS[0]!;
let env: Record<string, string>;
let stack: Stack;

/** Run one of the documented pnpm commands as an operator would, with `stdin` piped in. */
function run(script: string, args: string[], stdin = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { env: { ...process.env, ...env }, cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
    child.stdin!.end(stdin);
  });
}

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
}
const code = (body: { errors?: Array<{ extensions?: Record<string, any> }> }) => body.errors?.[0]?.extensions?.code;
const signIn = async (email: string, password: string) =>
  gql('mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken customer { role } } }', { e: email, p: password });

beforeAll(async () => {
  env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    IDENTITY_SECRET: secret(),
    SERVICE_TOKEN_SECRET: secret(),
    JWT_SIGNING_KEYS: JSON.stringify([await generateSigningJwk('ES256')]),
    PAYMENT_PROVIDER: 'simulator',
    PAYMENT_SIMULATOR_IN_PRODUCTION: 'true',
    PAYMENT_PENDING_MS: '300',
    SAGA_LEASE_MS: '1000',
    SAGA_RECOVERY_INTERVAL_MS: '200',
    DATABASE_URL: databaseUrl ?? '',
    DATABASE_SCHEMA_PREFIX: prefix,
  };
});

afterAll(async () => {
  await stack?.stop();
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const name of ['accounts', 'products', 'orders', 'payments', 'demo_accounts']) await client.query(`DROP SCHEMA IF EXISTS "${prefix}${name}" CASCADE`);
    await client.end();
  }
});

if (!databaseUrl) console.warn('production-bootstrap: the PostgreSQL cases are SKIPPED because TEST_DATABASE_URL is not set');

describe.skipIf(!databaseUrl)('a production shop from an empty PostgreSQL schema', () => {
  it('migrates, creates the admin from stdin (idempotently), and refuses a password in argv', async () => {
    const migrated = await run('scripts/db.ts', ['migrate']);
    expect(migrated.out).toMatch(/accounts: applied/);
    expect(migrated.code).toBe(0);
    const created = await run('scripts/admin.ts', ['--email', ADMIN.email], `${ADMIN.password}\n`);
    expect(created.out).toMatch(/admin ops@shop\.example .*: created/);
    const again = await run('scripts/admin.ts', ['--email', ADMIN.email], `${ADMIN.password}\n`);
    expect(again.out).toMatch(/: unchanged/);
    const argv = await run('scripts/admin.ts', ['--email', 'x@shop.example', '--password', 'in-argv-123']);
    expect([argv.code, argv.out]).toEqual([2, expect.stringMatching(/Refusing --password/)]);
    const seed = await run('scripts/db.ts', ['seed']);
    expect([seed.code, seed.out]).toEqual([1, expect.stringMatching(/refuses to load demo data/)]);
  }, 180_000);

  it('the admin builds the catalog, a new customer orders and pays → CONFIRMED', async () => {
    stack = await startStack({ env, randomPorts: true });
    expect(code(await signIn(demoAdmin.email, demoAdmin.password))).toBe('INVALID_CREDENTIALS');
    const admin = await signIn(ADMIN.email, ADMIN.password);
    expect(admin.data.signIn.customer.role).toBe('ADMIN');
    const adminToken = admin.data.signIn.accessToken;

    const create = 'mutation($i: CreateProductInput!) { createProduct(input: $i) { id sku price { amount currency } inventory { available } } }';
    const lamp = await gql(create, { i: { sku: 'lamp-001', name: 'Desk lamp', description: 'Warm light', priceAmount: 4500, currency: 'usd', initialStock: 10 } }, adminToken);
    expect(lamp.data.createProduct).toMatchObject({ sku: 'LAMP-001', price: { amount: 4500, currency: 'USD' }, inventory: { available: 10 } });
    const euro = await gql(create, { i: { sku: 'EU-1', name: 'Euro mug', priceAmount: 900, currency: 'EUR', initialStock: 5 } }, adminToken);
    expect(code(await gql(create, { i: { sku: 'LAMP-001', name: 'Copy', priceAmount: 1, currency: 'USD' } }, adminToken))).toBe('SKU_TAKEN');
    const bad = await gql(create, { i: { sku: 'x y', name: 'Bad', priceAmount: -1, currency: 'USD' } }, adminToken);
    expect([code(bad), bad.errors![0]!.extensions!.field, bad.errors![0]!.message]).toEqual(['BAD_USER_INPUT', 'sku', expect.stringMatching(/must be 1 to 64 letters/)]);

    expect(code(await gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }', { i: { email: demoAdmin.email, password: demoAdmin.password, name: 'Demo' } }))).toBe('BAD_USER_INPUT');
    const signUp = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken customer { id role } } }', { i: { email: 'dana@shop.example', password: 'dana-password-1', name: 'Dana' } });
    const customer = signUp.data.signUp;
    expect(customer.customer.role).toBe('CUSTOMER');
    expect(code(await gql(create, { i: { sku: 'NOPE', name: 'No', priceAmount: 1, currency: 'USD' } }, customer.accessToken))).toBe('FORBIDDEN');

    const order = 'mutation($i: CreateOrderInput!) { createOrder(input: $i) { id status total { amount currency } payment { status } } }';
    const placed = await gql(order, { i: { items: [{ productId: lamp.data.createProduct.id, quantity: 2 }], paymentMethod: 'tok_visa' } }, customer.accessToken);
    expect(placed.data.createOrder).toMatchObject({ status: 'CONFIRMED', total: { amount: 9000, currency: 'USD' }, payment: { status: 'CAPTURED' } });
    const mixed = await gql(order, { i: { items: [{ productId: lamp.data.createProduct.id, quantity: 1 }, { productId: euro.data.createProduct.id, quantity: 1 }], paymentMethod: 'tok_visa' } }, customer.accessToken);
    expect([code(mixed), mixed.errors![0]!.extensions!.currencies]).toEqual(['CURRENCY_MISMATCH', ['USD', 'EUR']]);
    const stock = await gql('query($id: ID!) { product(id: $id) { inventory { available reserved } } }', { id: lamp.data.createProduct.id });
    expect(stock.data.product.inventory).toEqual({ available: 8, reserved: 0 });
  }, 180_000);

  it('a payment that needs the customer (3-D Secure) is never success: the order waits, then recovery confirms it', async () => {
    const customer = (await signIn('dana@shop.example', 'dana-password-1')).data.signIn.accessToken;
    const products = await gql('{ products(first: 10, search: "lamp") { edges { node { id } } } }');
    const placed = await gql(
      'mutation($i: CreateOrderInput!) { createOrder(input: $i) { id status payment { status } } }',
      { i: { items: [{ productId: products.data.products.edges[0].node.id, quantity: 1 }], paymentMethod: 'tok_3ds' } },
      customer,
    );
    expect(placed.data.createOrder).toMatchObject({ status: 'RESERVED', payment: { status: 'PENDING' } });
    const deadline = Date.now() + 20_000;
    let order = placed.data.createOrder;
    while (order.status !== 'CONFIRMED' && Date.now() < deadline) {
      await sleep(100); // polling the observable order status with a deadline
      order = (await gql('query($id: ID!) { order(id: $id) { status payment { status } } }', { id: order.id ?? placed.data.createOrder.id }, customer)).data.order;
    }
    expect(order).toMatchObject({ status: 'CONFIRMED', payment: { status: 'CAPTURED' } });
  }, 60_000);

  it('roles: ADMIN-only, and the last ADMIN cannot be demoted', async () => {
    const adminToken = (await signIn(ADMIN.email, ADMIN.password)).data.signIn.accessToken;
    const me = (await gql('{ me { id } }', {}, adminToken)).data.me;
    const dana = (await signIn('dana@shop.example', 'dana-password-1')).data.signIn;
    const setRole = 'mutation($id: ID!, $r: Role!) { setCustomerRole(customerId: $id, role: $r) { id role } }';
    const danaId = (await gql('{ me { id } }', {}, dana.accessToken)).data.me.id;
    expect(code(await gql(setRole, { id: me.id, r: 'CUSTOMER' }, dana.accessToken))).toBe('FORBIDDEN');
    expect(code(await gql(setRole, { id: me.id, r: 'CUSTOMER' }, adminToken))).toBe('LAST_ADMIN');
    expect((await gql(setRole, { id: danaId, r: 'ADMIN' }, adminToken)).data.setCustomerRole.role).toBe('ADMIN');
    // Two ADMINs demoting each other at once: one wins, the other is refused, one ADMIN is left.
    const danaAdmin = (await signIn('dana@shop.example', 'dana-password-1')).data.signIn.accessToken;
    const both = await Promise.all([gql(setRole, { id: danaId, r: 'CUSTOMER' }, adminToken), gql(setRole, { id: me.id, r: 'CUSTOMER' }, danaAdmin)]);
    expect(both.map(code).sort()).toEqual(['LAST_ADMIN', undefined]);
  }, 60_000);
});

describe('production refuses demo data and the simulator unless asked', () => {
  const base = () => ({ ...env, DATA_DIR: ':memory:', DATABASE_URL: '' });

  it.skipIf(!databaseUrl)('never seeds demo data, and refuses to start while demo accounts keep their published passwords', async () => {
    await expect(createAccountsService(loadAccountsConfig(base()), { seed: true })).rejects.toThrow(/production never loads demo data/);
    const demoEnv = { ...env, ACCOUNTS_DATABASE_URL: `${databaseUrl}${databaseUrl!.includes('?') ? '&' : '?'}schema=${prefix}demo_accounts` };
    const demo = await openAccountsDatabase(resolveDatabaseTarget('accounts', demoEnv));
    await seedAccounts(demo.prisma);
    await demo.close();
    await expect(createAccountsService(loadAccountsConfig(demoEnv))).rejects.toThrow(/demo accounts with their published passwords exist \(admin@ordergraph\.dev/);
  }, 120_000);

  it('refuses the payment simulator in production unless explicitly enabled', () => {
    const production = { ...base(), PAYMENT_PROVIDER: '', PAYMENT_SIMULATOR_IN_PRODUCTION: '' };
    expect(() => loadPaymentsConfig(production)).toThrow(/PAYMENT_PROVIDER: production needs a real provider/);
    expect(() => loadPaymentsConfig({ ...production, PAYMENT_PROVIDER: 'simulator' })).toThrow(/PAYMENT_SIMULATOR_IN_PRODUCTION=true/);
    expect(() => loadPaymentsConfig({ ...production, PAYMENT_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY: required with PAYMENT_PROVIDER=stripe/);
    expect(loadPaymentsConfig({ ...production, PAYMENT_PROVIDER: 'simulator', PAYMENT_SIMULATOR_IN_PRODUCTION: 'true' }).provider.kind).toBe('simulator');
  });
});
