import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { booleanFlag, ConfigError, csv, integer, loadCommonConfig, optionalSecret, parseEnv, type CommonConfig } from '@ordergraph/core';
import { loadGraphiQLConfig, type GraphiQLConfig } from './http/graphiqlConfig.js';
import { loadPerformanceConfig, type PerformanceConfig } from './performanceConfig.js';
import { loadWebSocketConfig, type WebSocketConfig } from './subscriptions/websocketConfig.js';
import { loadSupergraphReloadConfig, type SupergraphReloadConfig } from './supergraphReload/reloadConfig.js';

export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

/** Asymmetric algorithms accepted by default: HS256 only with an explicit JWT_SECRET, `none` never. */
const ASYMMETRIC = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;

export interface JwtConfig {
  /** JWKS of the token issuer (`JWKS_URL`); null derives it from the accounts subgraph's URL. */
  jwksUrl: string | null;
  issuer: string;
  audience: string;
  /** Asymmetric algorithms accepted with JWKS keys (`JWT_ALGORITHMS`). @default ES256,EdDSA,RS256,PS256 */
  algorithms: string[];
  /** HS256 shared secret (`JWT_SECRET`): only when set are HS256 tokens accepted. */
  secret: string | null;
  /** @default 5 */
  clockToleranceSeconds: number;
}

/** Gateway abuse limits (docs/security.md explains each). */
export interface LimitsConfig {
  /** @default 1 MiB */ maxBodyBytes: number;
  /** Operations per batched request; 1 turns batching off. @default 10 */ maxBatch: number;
  /** @default 12 */ maxDepth: number;
  /** @default 30 */ maxAliases: number;
  /** @default 20 */ maxRootFields: number;
  /** @default 50 */ maxDirectives: number;
  /** @default 5000 */ maxTokens: number;
  /** Estimated cost budget per operation (@cost/@listSize). @default 10000 */ maxCost: number;
  /** Size assumed for lists without @listSize or a slicing argument. @default 10 */ defaultListSize: number;
  /** Operations per client per window (per user, else per IP). @default 600 */ operationsPerWindow: number;
  /** @default 60 */ windowSeconds: number;
}

/** Bounds on what automatic persisted queries store (in Redis when REDIS_URL is set). */
export interface ApqLimits {
  /** Largest document stored, in UTF-8 bytes (`APQ_MAX_BYTES`). @default 32768 */
  maxBytes: number;
  /** Bytes one client (customer, else IP) may register per window (`APQ_CLIENT_QUOTA_BYTES`). @default 262144 */
  clientQuotaBytes: number;
  /** The quota's window (`APQ_QUOTA_WINDOW_SECONDS`). @default 3600 */
  quotaWindowSeconds: number;
  /** How long a stored document is kept (`APQ_TTL_SECONDS`). @default 86400 */
  ttlSeconds: number;
}

export interface GatewayConfig extends CommonConfig {
  /** Supergraph SDL file to serve (`SUPERGRAPH_PATH`). Ignored when `introspect` is set. */
  supergraphPath: string;
  /**
   * Subgraph URL overrides by subgraph name, from `SUBGRAPH_URL_<NAME>` variables
   * (e.g. `SUBGRAPH_URL_ORDERS=http://orders:4003/graphql`).
   */
  subgraphUrls: Record<string, string>;
  /** Compose at start-up by introspecting these subgraphs instead of reading a file (dev only). */
  introspect: Array<{ name: string; url: string }> | null;
  jwt: JwtConfig;
  limits: LimitsConfig;
  /** Browser origins allowed by CORS (`ALLOWED_ORIGINS`); empty allows none. */
  allowedOrigins: string[];
  /**
   * Origins the gateway itself is served at (`PUBLIC_ORIGIN`, comma-separated), whose pages (the
   * landing page) may open WebSockets besides `allowedOrigins`. The handshake's Host is never used.
   * @default http://localhost:PORT and http://127.0.0.1:PORT in development; none otherwise
   */
  publicOrigins: string[];
  /** Send Strict-Transport-Security. @default true in production */
  hsts: boolean;
  /** Automatic persisted queries (`GRAPHQL_APQ`). @default true */
  apq: boolean;
  /** What APQ clients may store (docs/security.md). */
  apqLimits: ApqLimits;
  /** Trusted-documents manifest (`TRUSTED_DOCUMENTS_PATH`): when set, only its operations run. */
  trustedDocumentsPath: string | null;
  /** Serve Apollo Sandbox at GET /graphql (`GRAPHQL_LANDING_PAGE=true|sandbox`). @default true outside production */
  landingPage: boolean;
  /** The self-hosted GraphiQL explorer (see http/graphiqlConfig.ts). */
  graphiql: GraphiQLConfig;
  /** Subgraphs that must answer for `/health/ready` to pass (`READINESS_REQUIRED_SUBGRAPHS`); null = all. @default null */
  requiredSubgraphs: string[] | null;
  /** Let @apollo/gateway send its anonymous usage telemetry to Apollo (`APOLLO_TELEMETRY`). @default false */
  apolloTelemetry: boolean;
  /** Executor, caches and subgraph connections (see performanceConfig.ts). */
  performance: PerformanceConfig;
  /** Subscriptions over WebSocket: limits and keep-alive (see subscriptions/websocketConfig.ts). */
  websocket: WebSocketConfig;
  /** Supergraph hot reload: file watch, registry polling (see supergraphReload/reloadConfig.ts). */
  supergraphReload: SupergraphReloadConfig;
}

const SUBGRAPH_URL_PREFIX = 'SUBGRAPH_URL_';

/** Subgraphs are reached over HTTP: `orders:4003` parses as a URL (scheme "orders:") but is a mistake. */
function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

function parseIntrospectList(raw: string | undefined): GatewayConfig['introspect'] {
  if (!raw) return null;
  return raw.split(',').map((entry) => {
    // Split at the first "=" only: the URL may have a query string of its own.
    const at = entry.indexOf('=');
    const name = at < 0 ? '' : entry.slice(0, at).trim();
    const url = at < 0 ? '' : entry.slice(at + 1).trim();
    if (!name || !url || !isHttpUrl(url)) {
      throw new ConfigError(
        `Invalid configuration:\n  INTROSPECT_SUBGRAPHS: expected name=url pairs separated by commas, e.g. "orders=http://localhost:4003/graphql" (received ${JSON.stringify(raw)})`,
      );
    }
    return { name, url };
  });
}

function parsePublicOrigins(raw: string | undefined, { nodeEnv, port }: CommonConfig): string[] {
  if (raw === undefined) return nodeEnv === 'development' ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`] : [];
  return csv(raw).map((value) => {
    const parsed = isHttpUrl(value) ? new URL(value) : null;
    if (!parsed || parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username) {
      throw new ConfigError(`Invalid configuration:\n  PUBLIC_ORIGIN: expected origins such as https://api.example.com (scheme, host and port only; received ${JSON.stringify(value)})`);
    }
    return parsed.origin;
  });
}

/** The gateway's own variables (the shared ones are loadCommonConfig's; the sections' are their loaders'). */
const gatewayEnv = (production: boolean) => ({
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  JWKS_URL: z.url({ message: 'expected the URL of a JWKS document, e.g. https://issuer/.well-known/jwks.json' }).optional(),
  JWT_ISSUER: z.string().default('ordergraph-accounts'),
  JWT_AUDIENCE: z.string().default('ordergraph'),
  JWT_ALGORITHMS: z.string().default('ES256,EdDSA,RS256,PS256'),
  JWT_CLOCK_TOLERANCE_SECONDS: integer(5, 0),
  GRAPHQL_LANDING_PAGE: z.enum(['true', 'false', 'sandbox', 'graphiql'], { message: 'expected true, false, sandbox or graphiql' }).optional(),
  READINESS_REQUIRED_SUBGRAPHS: z
    .string()
    .regex(/^(\*|[\w-]+(,\s*[\w-]+)*)$/, 'expected "*" or subgraph names separated by commas, e.g. "products,orders"')
    .default('*'),
  GRAPHQL_APQ: booleanFlag(true),
  APQ_MAX_BYTES: integer(32 * 1024, 100),
  APQ_CLIENT_QUOTA_BYTES: integer(256 * 1024, 100),
  APQ_QUOTA_WINDOW_SECONDS: integer(3600),
  APQ_TTL_SECONDS: integer(86_400),
  APOLLO_TELEMETRY: booleanFlag(false),
  TRUSTED_DOCUMENTS_PATH: z.string().optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  PUBLIC_ORIGIN: z.string().optional(),
  HSTS: booleanFlag(production),
  MAX_BODY_BYTES: integer(1024 * 1024, 1024),
  GRAPHQL_MAX_BATCH: integer(10),
  GRAPHQL_MAX_DEPTH: integer(12),
  GRAPHQL_MAX_ALIASES: integer(30, 0),
  GRAPHQL_MAX_ROOT_FIELDS: integer(20),
  GRAPHQL_MAX_DIRECTIVES: integer(50, 0),
  GRAPHQL_MAX_TOKENS: integer(5000, 100),
  GRAPHQL_MAX_COST: integer(10_000),
  GRAPHQL_DEFAULT_LIST_SIZE: integer(10),
  RATE_LIMIT_OPERATIONS: integer(600),
  RATE_LIMIT_WINDOW_SECONDS: integer(60),
});

type GatewayEnv = z.infer<z.ZodObject<ReturnType<typeof gatewayEnv>>>;

function jwtConfig(parsed: GatewayEnv, env: Record<string, string | undefined>): JwtConfig {
  const algorithms = csv(parsed.JWT_ALGORITHMS);
  const unknown = algorithms.filter((a) => !(ASYMMETRIC as readonly string[]).includes(a));
  if (unknown.length > 0 || algorithms.length === 0) {
    throw new ConfigError(
      `Invalid configuration:\n  JWT_ALGORITHMS: expected asymmetric JWS algorithms from ${ASYMMETRIC.join(', ')} (received ${JSON.stringify(parsed.JWT_ALGORITHMS)}); HS256 is enabled by setting JWT_SECRET`,
    );
  }
  return {
    jwksUrl: parsed.JWKS_URL ?? null,
    issuer: parsed.JWT_ISSUER,
    audience: parsed.JWT_AUDIENCE,
    algorithms,
    secret: optionalSecret('JWT_SECRET', env),
    clockToleranceSeconds: parsed.JWT_CLOCK_TOLERANCE_SECONDS,
  };
}

/** `SUBGRAPH_URL_<NAME>` variables, keyed by the lower-cased name. */
function subgraphUrlOverrides(env: Record<string, string | undefined>): Record<string, string> {
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(SUBGRAPH_URL_PREFIX) || !value) continue;
    if (!isHttpUrl(value)) {
      throw new ConfigError(`Invalid configuration:\n  ${key}: expected a URL such as http://orders:4003/graphql (received ${JSON.stringify(value)})`);
    }
    subgraphUrls[key.slice(SUBGRAPH_URL_PREFIX.length).toLowerCase()] = value;
  }
  return subgraphUrls;
}

const limitsConfig = (parsed: GatewayEnv): LimitsConfig => ({
  maxBodyBytes: parsed.MAX_BODY_BYTES,
  maxBatch: parsed.GRAPHQL_MAX_BATCH,
  maxDepth: parsed.GRAPHQL_MAX_DEPTH,
  maxAliases: parsed.GRAPHQL_MAX_ALIASES,
  maxRootFields: parsed.GRAPHQL_MAX_ROOT_FIELDS,
  maxDirectives: parsed.GRAPHQL_MAX_DIRECTIVES,
  maxTokens: parsed.GRAPHQL_MAX_TOKENS,
  maxCost: parsed.GRAPHQL_MAX_COST,
  defaultListSize: parsed.GRAPHQL_DEFAULT_LIST_SIZE,
  operationsPerWindow: parsed.RATE_LIMIT_OPERATIONS,
  windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS,
});

const apqLimits = (parsed: GatewayEnv): ApqLimits => ({
  maxBytes: parsed.APQ_MAX_BYTES,
  clientQuotaBytes: parsed.APQ_CLIENT_QUOTA_BYTES,
  quotaWindowSeconds: parsed.APQ_QUOTA_WINDOW_SECONDS,
  ttlSeconds: parsed.APQ_TTL_SECONDS,
});

export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const common = loadCommonConfig(env, 4000);
  const production = common.nodeEnv === 'production';
  const parsed = parseEnv(gatewayEnv(production), env);
  const jwt = jwtConfig(parsed, env);
  return {
    ...common,
    supergraphPath: parsed.SUPERGRAPH_PATH,
    subgraphUrls: subgraphUrlOverrides(env),
    introspect: parseIntrospectList(env.INTROSPECT_SUBGRAPHS),
    jwt,
    limits: limitsConfig(parsed),
    allowedOrigins: csv(parsed.ALLOWED_ORIGINS),
    publicOrigins: parsePublicOrigins(parsed.PUBLIC_ORIGIN, common),
    hsts: parsed.HSTS,
    apq: parsed.GRAPHQL_APQ,
    apqLimits: apqLimits(parsed),
    trustedDocumentsPath: parsed.TRUSTED_DOCUMENTS_PATH ?? null,
    landingPage: parsed.GRAPHQL_LANDING_PAGE ? ['true', 'sandbox'].includes(parsed.GRAPHQL_LANDING_PAGE) : !production,
    graphiql: loadGraphiQLConfig(env, production),
    requiredSubgraphs:
      parsed.READINESS_REQUIRED_SUBGRAPHS === '*' ? null : parsed.READINESS_REQUIRED_SUBGRAPHS.split(',').map((s) => s.trim().toLowerCase()),
    apolloTelemetry: parsed.APOLLO_TELEMETRY,
    performance: loadPerformanceConfig(env),
    websocket: loadWebSocketConfig(env),
    supergraphReload: loadSupergraphReloadConfig(env),
  };
}
