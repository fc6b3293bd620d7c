// CPU per sign and per verify of the forwarded identity header: jose (WebCrypto HMAC, what
// IdentityCodec used before session 7) against IdentityCodec (node:crypto HMAC), alternating in
// blocks in one process. `pnpm exec tsx bench/identityTokenMicro.ts`
import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { IdentityCodec } from '@ordergraph/core';

const SECRET = 'a-bench-secret-that-is-long-enough-for-hs256';
const BLOCKS = 6;
const CALLS = Number(process.env.IDENTITY_MICRO_CALLS ?? 2000);
const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
const codec = new IdentityCodec(SECRET);
const identity = { customerId: 'c-123', role: 'CUSTOMER' as const, scopes: ['orders:read'] };

const jose = {
  sign: (i: number) =>
    new SignJWT({ role: 'CUSTOMER', scope: 'orders:read', ip: `203.0.113.${i % 250}` })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('ordergraph-gateway')
      .setAudience('ordergraph-subgraphs')
      .setIssuedAt()
      .setExpirationTime('60s')
      .setSubject('c-123')
      .sign(key),
  verify: (token: string) => jwtVerify(token, key, { algorithms: ['HS256'], issuer: 'ordergraph-gateway', audience: 'ordergraph-subgraphs', requiredClaims: ['exp', 'iat'] }),
};
const ours = {
  sign: (i: number) => codec.signRequest({ identity, clientIp: `203.0.113.${i % 250}` }),
  verify: (token: string) => codec.verifyRequest(token),
};

async function block(impl: typeof jose | typeof ours): Promise<{ sign: number; verify: number }> {
  const tokens: string[] = [];
  let t = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) tokens.push(await impl.sign(i));
  let u = process.cpuUsage(t);
  const sign = (u.user + u.system) / CALLS;
  t = process.cpuUsage();
  for (const token of tokens) if (!(await impl.verify(token))) throw new Error('a token did not verify');
  u = process.cpuUsage(t);
  return { sign, verify: (u.user + u.system) / CALLS };
}

await block(jose);
await block(ours);
for (let b = 0; b < BLOCKS; b++) {
  const a = await block(jose);
  const c = await block(ours);
  console.log(`block ${b + 1}: jose sign ${a.sign.toFixed(1)} µs, verify ${a.verify.toFixed(1)} µs | IdentityCodec sign ${c.sign.toFixed(1)} µs, verify ${c.verify.toFixed(1)} µs`);
}
