import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '@ordergraph/accounts';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import { startTestStack, type TestStack } from '@ordergraph/testing';

// Access tokens (ES256 + JWKS), refresh-token rotation with reuse detection, sign-out, and
// signing-key rotation across a restart with a new key list.
const [admin, alice, bob, carol] = DEMO_CUSTOMERS as [(typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0], (typeof DEMO_CUSTOMERS)[0]];
// signIn allows 5 per minute per IP and email: the tests below spread their sign-ins over the demo users.
const AUTH_FIELDS = 'accessToken refreshToken expiresIn refreshExpiresIn tokenType customer { id }';
const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`;

let oldKey: JWK;
let newKey: JWK;
let stack: TestStack;
const code = (r: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => r.body.errors?.[0]?.extensions?.code;

async function signInFresh(who: { email: string; password: string }) {
  const r = await stack.gql(SIGN_IN, { email: who.email, password: who.password });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.signIn as { accessToken: string; refreshToken: string; expiresIn: number; refreshExpiresIn: number };
}

beforeAll(async () => {
  [oldKey, newKey] = await Promise.all([generateSigningJwk('ES256'), generateSigningJwk('EdDSA')]);
  // The state after a rotation: the new key signs, the old one is still published.
  stack = await startTestStack({ JWT_SIGNING_KEYS: JSON.stringify([newKey, oldKey]) });
});
afterAll(async () => {
  await stack?.stop();
});

describe('access tokens', () => {
  it('are signed with the active key, carry kid/iss/aud/exp, and last 15 minutes by default', async () => {
    const { accessToken, expiresIn, refreshExpiresIn } = await signInFresh(alice);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'EdDSA', kid: newKey.kid, typ: 'at+jwt' });
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] as string, 'base64url').toString());
    expect(claims).toMatchObject({ iss: 'ordergraph-accounts', aud: 'ordergraph', sub: alice.id, role: 'CUSTOMER' });
    expect(claims.exp - claims.iat).toBe(900);
    expect(expiresIn).toBe(900);
    expect(refreshExpiresIn).toBe(7 * 86_400);
  });

  it('publishes every trusted public key, and no private part, at /.well-known/jwks.json', async () => {
    const r = await fetch(stack.subgraphs.accounts.url.replace('/graphql', '/.well-known/jwks.json'));
    expect(r.status).toBe(200);
    const { keys } = (await r.json()) as { keys: JWK[] };
    expect(keys.map((k) => k.kid)).toEqual([newKey.kid, oldKey.kid]);
    expect(keys.every((k) => k.d === undefined)).toBe(true);
  });

  it('signed by the previous key stay valid after a rotation until they expire', async () => {
    const key = await importJWK(oldKey, 'ES256');
    const token = await new SignJWT({ role: 'CUSTOMER' })
      .setProtectedHeader({ alg: 'ES256', kid: oldKey.kid as string })
      .setSubject(bob.id).setIssuer('ordergraph-accounts').setAudience('ordergraph').setIssuedAt().setExpirationTime('10m')
      .sign(key);
    const r = await stack.gql('{ me { email } }', {}, { token });
    expect(r.body.data?.me).toEqual({ email: bob.email });
    const expired = await new SignJWT({ role: 'CUSTOMER' })
      .setProtectedHeader({ alg: 'ES256', kid: oldKey.kid as string })
      .setSubject(bob.id).setIssuer('ordergraph-accounts').setAudience('ordergraph').setIssuedAt(Math.floor(Date.now() / 1000) - 1000).setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const late = await stack.gql('{ me { email } }', {}, { token: expired });
    expect(late.status).toBe(401);
    expect(code(late)).toBe('UNAUTHENTICATED');
  });

  it('signed by a retired key (no longer in the JWKS) are refused', async () => {
    const retired = await generateSigningJwk('ES256');
    const token = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'ES256', kid: retired.kid as string })
      .setSubject(admin.id).setIssuer('ordergraph-accounts').setAudience('ordergraph').setIssuedAt().setExpirationTime('10m')
      .sign(await importJWK(retired, 'ES256'));
    const r = await stack.gql('{ me { email } }', {}, { token });
    expect(r.status).toBe(401);
    expect(code(r)).toBe('UNAUTHENTICATED');
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new pair, and the new access token works', async () => {
    const first = await signInFresh(bob);
    const second = await stack.gql(REFRESH, { t: first.refreshToken });
    expect(second.body.errors).toBeUndefined();
    const pair = second.body.data.refreshToken;
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect(pair.customer.id).toBe(bob.id);
    const me = await stack.gql('{ me { email } }', {}, { token: pair.accessToken });
    expect(me.body.data.me.email).toBe(bob.email);
    const third = await stack.gql(REFRESH, { t: pair.refreshToken });
    expect(third.body.errors).toBeUndefined();
  });

  it('are stored hashed: the database never holds a token', async () => {
    const { refreshToken } = await signInFresh(alice);
    const rows = await (stack.subgraphs.accounts.database.prisma as any).refreshToken.findMany({ where: { customerId: alice.id } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r: { tokenHash: string }) => r.tokenHash === refreshToken || r.tokenHash.includes(refreshToken))).toBe(false);
  });

  it('reused: presenting a used token revokes the whole family, including its newest token', async () => {
    const { refreshToken: t1 } = await signInFresh(alice);
    const t2 = (await stack.gql(REFRESH, { t: t1 })).body.data.refreshToken.refreshToken as string;
    const t3 = (await stack.gql(REFRESH, { t: t2 })).body.data.refreshToken.refreshToken as string;
    // An attacker replays the stolen t1.
    const replay = await stack.gql(REFRESH, { t: t1 });
    expect(code(replay)).toBe('UNAUTHENTICATED');
    // The legitimate holder's newest token is dead too: the family is revoked.
    const legit = await stack.gql(REFRESH, { t: t3 });
    expect(code(legit)).toBe('UNAUTHENTICATED');
  });

  it('reuse revokes only that family: other sessions of the same customer live on', async () => {
    const other = await signInFresh(carol);
    const stolen = await signInFresh(carol);
    await stack.gql(REFRESH, { t: stolen.refreshToken });
    await stack.gql(REFRESH, { t: stolen.refreshToken });
    const r = await stack.gql(REFRESH, { t: other.refreshToken });
    expect(r.body.errors).toBeUndefined();
  });

  it('of two concurrent exchanges of one token, one wins and the family is revoked', async () => {
    const { refreshToken } = await signInFresh(bob);
    const results = await Promise.all([stack.gql(REFRESH, { t: refreshToken }), stack.gql(REFRESH, { t: refreshToken })]);
    const ok = results.filter((r) => !r.body.errors);
    expect(ok.length).toBeLessThanOrEqual(1);
    expect(results.some((r) => code(r) === 'UNAUTHENTICATED')).toBe(true);
  });

  it('unknown, empty and oversized tokens are UNAUTHENTICATED', async () => {
    for (const t of ['nope', '', 'x'.repeat(5000)]) expect(code(await stack.gql(REFRESH, { t }))).toBe('UNAUTHENTICATED');
  });
});

describe('sign-out', () => {
  it('signOut revokes the session: its refresh token stops working', async () => {
    const { refreshToken } = await signInFresh(bob);
    const out = await stack.gql('mutation($t: String!) { signOut(refreshToken: $t) }', { t: refreshToken });
    expect(out.body.data.signOut).toBe(true);
    expect(code(await stack.gql(REFRESH, { t: refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('signOutEverywhere needs a sign-in and revokes every session of the caller', async () => {
    const anonymous = await stack.gql('mutation { signOutEverywhere }');
    expect(anonymous.status).toBe(401);
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
    const a = await signInFresh(admin);
    const b = await signInFresh(admin);
    const r = await stack.gql('mutation { signOutEverywhere }', {}, { token: a.accessToken });
    expect(r.body.data.signOutEverywhere).toBeGreaterThanOrEqual(2);
    for (const t of [a.refreshToken, b.refreshToken]) expect(code(await stack.gql(REFRESH, { t }))).toBe('UNAUTHENTICATED');
  });
});

describe('gateway while the token issuer is down', () => {
  const listen = (server: Server, port = 0) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

  it('starts, serves anonymous callers, answers 503 to token holders, and recovers when the JWKS is back', async () => {
    // A port with nothing listening yet, where the JWKS will appear later.
    const probe = createServer();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const gateway = await stack.startGateway({ JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    const { accessToken } = await signInFresh(admin);

    expect((await stack.gql('{ products(first: 1) { totalCount } }', {}, { url: gateway.url })).status).toBe(200);
    const down = await stack.gql('{ me { id } }', {}, { url: gateway.url, token: accessToken });
    expect(down.status).toBe(503);
    expect(code(down)).toBe('SERVICE_UNAVAILABLE');
    expect(down.headers.get('retry-after')).toBe('5');

    const jwks = await (await fetch(stack.subgraphs.accounts.url.replace('/graphql', '/.well-known/jwks.json'))).text();
    const issuer = createServer((_req, res) => res.end(jwks));
    await listen(issuer, port);
    try {
      const back = await stack.gql('{ me { id } }', {}, { url: gateway.url, token: accessToken });
      expect(back.body.data?.me).toEqual({ id: admin.id });
    } finally {
      await new Promise((resolve) => issuer.close(resolve));
    }
  });
});
