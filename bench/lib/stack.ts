import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { SignJWT } from 'jose';
import { IdentityCodec, type Identity } from '@ordergraph/core';
import type { BenchOptions } from './options.js';
import { BENCH_DIR, spawnService, type ChildService } from './processes.js';

export type GatewayKind = 'ours' | 'stock';

/** Secrets shared by every process of one benchmark run (fresh each run). */
/**
 * Production secrets of one benchmark run, plus the switches that keep protective limits from
 * being what is measured: field rate limits off, and a per-client operation budget far above
 * what a run sends (both stay on by default in real deployments).
 */
export function benchSecrets(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'bench', alg: 'ES256', use: 'sig' };
  return {
    JWT_SECRET: randomBytes(32).toString('hex'),
    IDENTITY_SECRET: randomBytes(32).toString('hex'),
    SERVICE_TOKEN_SECRET: randomBytes(32).toString('hex'),
    JWT_SIGNING_KEYS: JSON.stringify([signingKey]),
    FIELD_RATE_LIMITS: 'false',
    RATE_LIMIT_OPERATIONS: '1000000000',
    // Benchmarks charge through the simulator; production refuses it unless told explicitly.
    PAYMENT_PROVIDER: 'simulator',
    PAYMENT_SIMULATOR_IN_PRODUCTION: 'true',
    // The benchmark data is the demo catalogue (a demo deployment as far as production checks go).
    ALLOW_DEMO_ACCOUNTS: 'true',
    // Production serves /metrics on 9464 by default: several processes on one host need their own.
    METRICS_PORT: '0',
  };
}

export interface SubgraphOptions {
  bulkOrders?: number;
  itemsPerOrder?: number;
  /** DataLoader batching in the subgraphs. @default true */
  batching?: boolean;
  /** Extra environment of the subgraphs process (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
}

/** The four subgraphs in one child process. */
export function startSubgraphs(secrets: Record<string, string>, options: BenchOptions, sub: SubgraphOptions = {}): Promise<ChildService> {
  return spawnService('subgraphs', path.join(BENCH_DIR, 'servers/subgraphs.ts'), {
    env: {
      ...secrets,
      // graphql-js and others skip development-only checks (e.g. instanceOf) in production.
      NODE_ENV: 'production',
      DATALOADER_BATCHING: String(sub.batching ?? true),
      ...(options.databaseUrl ? { BENCH_DATABASE_URL: options.databaseUrl } : {}),
      ...sub.env,
    },
    args: [`--bulk-orders=${sub.bulkOrders ?? 0}`, `--items-per-order=${sub.itemsPerOrder ?? 3}`],
  });
}

/** Recording proxies in front of `subgraphs` (see servers/replay.ts); same `urls` shape. */
export function startReplay(subgraphs: ChildService): Promise<ChildService> {
  const env = Object.fromEntries(Object.entries(subgraphs.urls).map(([name, url]) => [`REPLAY_${name.toUpperCase()}`, url]));
  return spawnService('replay', path.join(BENCH_DIR, 'servers/replay.ts'), { env });
}

/** A gateway (ours or stock) in its own child process, over `subgraphs`. */
export function startGateway(
  kind: GatewayKind,
  subgraphs: Pick<ChildService, 'urls'>,
  secrets: Record<string, string>,
  options: BenchOptions,
  env: Record<string, string> = {},
  cpus?: string,
  /** Ours as deployed: the compiled build (dist/) under plain node, like the stock baseline, instead of src/ through tsx. @default false */
  compiled = false,
): Promise<ChildService> {
  const urls = Object.fromEntries(Object.entries(subgraphs.urls).map(([name, url]) => [`SUBGRAPH_URL_${name.toUpperCase()}`, url]));
  // Stock runs as plain JavaScript under plain node: the fairest baseline (see stockGateway.mjs).
  const script = kind === 'stock' ? 'servers/stockGateway.mjs' : compiled ? 'servers/gateway.mjs' : 'servers/gateway.ts';
  if (compiled && kind === 'ours') buildOnce();
  return spawnService(`gateway (${kind}${compiled && kind === 'ours' ? ', compiled' : ''})`, path.join(BENCH_DIR, script), {
    // Metrics on the API port: the scenarios scrape <gateway>/metrics.
    env: { ...secrets, ...urls, NODE_ENV: 'production', METRICS_PORT: 'api', ...env },
    args: [kind],
    // Ours compiled is started as deployed: with the V8 flags of its Dockerfile CMD and start script.
    nodeArgs: compiled && kind === 'ours' ? ['--conditions=production', ...gatewayNodeFlags(), ...options.gatewayNodeArgs] : options.gatewayNodeArgs,
    ...(cpus !== undefined ? { cpus } : {}),
  });
}

/** The gateway's deployed V8 flags ("nodeFlags" in gateway/package.json, also in its Dockerfile CMD and start script). */
function gatewayNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(BENCH_DIR, '..', 'gateway', 'package.json'), 'utf8')) as { nodeFlags?: string[] };
  return pkg.nodeFlags ?? [];
}

let built = false;
/** `pnpm build` (esbuild, a second or two), once per benchmark run, so dist/ is this checkout's code. */
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(BENCH_DIR, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  built = true;
}

/**
 * Credentials for `kind`: our gateway verifies a bearer access token and signs the identity
 * itself; the stock gateway has no auth, so its client sends the signed identity header
 * (valid 60 s: ask again before each run).
 */
export async function credentials(kind: GatewayKind, identity: Identity, secrets: Record<string, string>): Promise<Record<string, string>> {
  if (kind === 'ours') {
    // HS256 with JWT_SECRET: the gateway's shared-secret option, so the bench needs no accounts JWKS.
    const token = await new SignJWT({ role: identity.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(identity.customerId)
      .setIssuer('ordergraph-accounts')
      .setAudience('ordergraph')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secrets.JWT_SECRET as string));
    return { authorization: `Bearer ${token}` };
  }
  return { 'x-ordergraph-identity': await new IdentityCodec(secrets.IDENTITY_SECRET as string).sign(identity) };
}

/** POST one GraphQL request and return the parsed body. */
export async function graphql(url: string, body: string, headers: Record<string, string> = {}): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return (await response.json()) as { data?: any; errors?: any[] };
}
