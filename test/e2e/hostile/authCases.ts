import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import type { HostileCase, HostileContext } from './corpus.js';
import { post } from './corpus.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Forged, tampered and malformed bearer tokens: each must be a 401 UNAUTHENTICATED. */
async function tokenCases(ctx: HostileContext): Promise<HostileCase[]> {
  const { admin, signingKey } = ctx;
  const realKey = await importJWK(signingKey, 'ES256');
  const claims: JWTPayload = { sub: admin.id, role: 'ADMIN', iss: 'ordergraph-accounts', aud: 'ordergraph' };
  const sign = (payload: JWTPayload, header: Record<string, unknown> = {}, key: Parameters<SignJWT['sign']>[0] = realKey, alg = 'ES256') =>
    // `crit` tells jose to let the test sign an extension header the server must refuse.
    new SignJWT(payload).setProtectedHeader({ alg, kid: signingKey.kid as string, ...header }).sign(key, { crit: { 'x-unknown': true } });
  const valid = await sign({ ...claims, iat: now(), exp: now() + 600 });
  const [vh, vp, vs] = valid.split('.') as [string, string, string];
  const attacker = await generateKeyPair('ES256', { extractable: true });
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const hs = (secret: string) => new TextEncoder().encode(secret);
  const fresh = { ...claims, iat: now(), exp: now() + 600 };
  const tokens: Array<[string, string]> = [
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(fresh)}.`],
    ['alg None', `${b64({ alg: 'None' })}.${b64(fresh)}.`],
    ['alg NONE with a signature', `${b64({ alg: 'NONE' })}.${b64(fresh)}.${vs}`],
    ['alg none with the real kid', `${b64({ alg: 'none', kid: signingKey.kid })}.${b64(fresh)}.`],
    ['HS256 with a guessed secret (HS256 not enabled)', await sign(fresh, { alg: 'HS256' }, hs('secret'), 'HS256')],
    ['HS256 keyed with the public JWK (algorithm confusion)', await sign(fresh, { alg: 'HS256' }, hs(JSON.stringify({ ...signingKey, d: undefined })), 'HS256')],
    ['HS256 keyed with the public x coordinate', await sign(fresh, { alg: 'HS256' }, hs(signingKey.x as string), 'HS256')],
    ['attacker ES256 key embedded as jwk header', await sign(fresh, { jwk: await exportJWK(attacker.publicKey), kid: 'attacker' }, attacker.privateKey)],
    ['attacker ES256 key under the real kid', await sign(fresh, {}, attacker.privateKey)],
    ['attacker RS256 key under the real kid', await sign(fresh, { alg: 'RS256' }, rsa.privateKey, 'RS256')],
    ['attacker key via jku header', await sign(fresh, { jku: 'http://127.0.0.1:9/jwks.json', kid: 'x' }, attacker.privateKey)],
    ['expired', await sign({ ...claims, iat: now() - 7200, exp: now() - 3600 })],
    ['not yet valid (nbf in an hour)', await sign({ ...fresh, nbf: now() + 3600 })],
    ['wrong issuer', await sign({ ...fresh, iss: 'https://evil.example' })],
    ['wrong audience', await sign({ ...fresh, aud: 'some-other-api' })],
    ['no expiry', await sign({ ...claims, iat: now() })],
    ['no subject', await sign({ role: 'ADMIN', iss: claims.iss, aud: claims.aud, iat: now(), exp: now() + 600 })],
    ['empty subject', await sign({ ...fresh, sub: '' })],
    ['unknown critical header', await sign(fresh, { crit: ['x-unknown'], 'x-unknown': true })],
    ['payload tampered after signing', `${vh}.${b64({ ...fresh, sub: ctx.alice.id })}.${vs}`],
    ['signature truncated', `${vh}.${vp}.${vs.slice(0, 20)}`],
    ['signature of another token', `${vh}.${b64({ ...fresh, role: 'CUSTOMER' })}.${vs}`],
    ['signature missing', `${vh}.${vp}`],
    ['header is not JSON', `${b64('not json')}.${vp}.${vs}`],
    ['five-part (JWE-shaped) token', `${vh}.${vp}.${vs}.x.y`],
    ['10 KB token', `${vh}.${b64({ ...fresh, pad: 'p'.repeat(10_000) })}.${vs}`],
  ];
  const cases: HostileCase[] = tokens.map(([name, token]) => ({
    name: `token: ${name}`,
    send: () => post(ctx.stack.gatewayUrl, { query: '{ me { id } }' }, { authorization: `Bearer ${token}` }),
    status: 401,
    code: 'UNAUTHENTICATED',
  }));
  for (const [name, header] of [
    ['empty bearer', 'Bearer '],
    ['basic credentials', 'Basic YWRtaW46YWRtaW4='],
    ['two tokens', `Bearer ${valid} ${valid}`],
    ['token with spaces', 'Bearer a b c'],
  ] as const) {
    cases.push({ name: `authorization header: ${name}`, send: () => post(ctx.stack.gatewayUrl, { query: '{ me { id } }' }, { authorization: header }), status: 401, code: 'UNAUTHENTICATED' });
  }
  return cases;
}

/** Identity headers forged for direct calls to each subgraph: none may grant anything. */
async function forgedIdentityCases(ctx: HostileContext): Promise<HostileCase[]> {
  const { admin, identitySecret } = ctx;
  const key = (s: string) => new TextEncoder().encode(s);
  const base = { sub: admin.id, role: 'ADMIN', scope: 'admin', iss: 'ordergraph-gateway', aud: 'ordergraph-subgraphs' };
  const signed = (payload: JWTPayload, secret = identitySecret) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key(secret));
  const forgeries: Array<[string, string]> = [
    ['unsigned (alg none)', `${b64({ alg: 'none' })}.${b64({ ...base, iat: now(), exp: now() + 60 })}.`],
    ['signed with the dev secret', await signed({ ...base, iat: now(), exp: now() + 60 }, 'dev-only-identity-secret-change-me-in-production')],
    ['signed with a guessed secret', await signed({ ...base, iat: now(), exp: now() + 60 }, 'ordergraph-ordergraph-ordergraph!')],
    ['expired (a replayed header)', await signed({ ...base, iat: now() - 600, exp: now() - 300 })],
    ['wrong audience', await signed({ ...base, aud: 'someone-else', iat: now(), exp: now() + 60 })],
  ];
  const targets: Array<[keyof HostileContext['stack']['subgraphs'], string, Record<string, unknown>, string]> = [
    ['accounts', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { email } } }', { r: [{ __typename: 'Customer', id: admin.id }] }, 'FORBIDDEN'],
    ['orders', '{ orders { totalCount } }', {}, 'UNAUTHENTICATED'],
    ['payments', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { id } } }', { r: [{ __typename: 'Payment', id: ctx.othersOrders[0]!.payment.id }] }, 'UNAUTHENTICATED'],
    ['products', 'mutation($id: ID!) { updateProduct(id: $id, input: { priceAmount: 1 }) { id } }', { id: ctx.products[0]!.id }, 'UNAUTHENTICATED'],
  ];
  return forgeries.flatMap(([forgery, header]) =>
    targets.map(([subgraph, query, variables, code]) => ({
      name: `identity header ${forgery} straight to ${subgraph}`,
      send: () => post(ctx.stack.subgraphs[subgraph].url, { query, variables }, { 'x-ordergraph-identity': header }),
      status: 200,
      code,
    })),
  );
}

/** A signed-in customer reaching for other people's data, brute force, and expensive queries. */
function customerCases(ctx: HostileContext): HostileCase[] {
  const { stack, alice, admin } = ctx;
  const asAlice = async (query: string, variables: Record<string, unknown> = {}) =>
    post(stack.gatewayUrl, { query, variables }, { authorization: `Bearer ${await stack.signIn(alice.email, alice.password)}` });
  const cases: HostileCase[] = ctx.othersOrders.slice(0, 12).map((order) => ({
    name: `another customer's order ${order.id.slice(0, 8)}`,
    send: () => asAlice('query($id: ID!) { order(id: $id) { id payment { id } customer { email } } }', { id: order.id }),
    status: 200,
    check: (body) => (body?.data?.order === null && !body.errors ? null : `expected order: null, got ${JSON.stringify(body).slice(0, 120)}`),
  }));
  for (const product of ctx.products.slice(0, 3)) {
    cases.push({
      name: `customer writes product ${product.sku}`,
      send: () => asAlice('mutation($id: ID!) { updateProduct(id: $id, input: { priceAmount: 1, active: false }) { id } }', { id: product.id }),
      status: 403,
      code: 'FORBIDDEN',
    });
  }
  for (let i = 0; i < 10; i += 1) {
    cases.push({
      name: `brute-force sign-in attempt ${i + 1}`,
      send: () => post(stack.gatewayUrl, { query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }', variables: { e: admin.email, p: `guess-${i}` } }),
      status: 200,
      code: i < 5 ? 'INVALID_CREDENTIALS' : 'RATE_LIMITED',
    });
  }
  const expensive: Array<[string, string, Record<string, unknown>]> = [
    ['nested connections', '{ orders(first: 100) { edges { node { items { product { name inventory { available } } } customer { orders(first: 100) { edges { node { items { quantity } } } } } } } } }', {}],
    ['nested connections sized by variables', 'query($n: Int) { me { orders(first: $n) { edges { node { customer { orders(first: $n) { edges { node { items { product { name } } } } } } } } } } }', { n: 100 }],
    ['nested connections hidden in a fragment', '{ orders(first: 100) { ...E } } fragment E on OrderConnection { edges { node { customer { orders(first: 100) { edges { node { id } } } } } } }', {}],
  ];
  for (const [name, query, variables] of expensive) {
    cases.push({ name: `cost: ${name}`, send: () => asAlice(query, variables), status: 400, code: 'COST_ESTIMATED_TOO_EXPENSIVE' });
  }
  return cases;
}

export async function authCases(ctx: HostileContext): Promise<HostileCase[]> {
  return [...(await tokenCases(ctx)), ...(await forgedIdentityCases(ctx)), ...customerCases(ctx)];
}
