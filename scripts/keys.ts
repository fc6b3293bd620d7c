// Prints a new access-token signing key as a private JWK, for JWT_SIGNING_KEYS.
//   pnpm keys:generate            ES256 (default)
//   pnpm keys:generate EdDSA      Ed25519
// Rotation (docs/security.md): publish the new key second, then make it first, then drop the old one.
import { generateSigningJwk, type SigningAlgorithm } from '../subgraphs/accounts/src/services/signingKeys.js';

const alg = (process.argv[2] ?? 'ES256') as SigningAlgorithm;
if (alg !== 'ES256' && alg !== 'EdDSA') {
  console.error(`Unknown algorithm "${alg}": use ES256 or EdDSA.`);
  process.exit(1);
}
const jwk = await generateSigningJwk(alg);
console.log(JSON.stringify(jwk));
console.error(`\nA private ${alg} key (kid ${jwk.kid}). Keep it secret. As the only key:\n  JWT_SIGNING_KEYS='[${JSON.stringify(jwk)}]'`);
