import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { booleanFlag, ConfigError, loadCommonConfig, parseEnv, secret, type CommonConfig } from '@ordergraph/core';

export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

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
  jwt: { secret: string; issuer: string; audience: string };
  /** Serve Apollo Sandbox at GET /graphql. @default true outside production */
  landingPage: boolean;
  /** @default true outside production */
  introspection: boolean;
  /** Subgraphs that must answer for `/health/ready` to pass (`READINESS_REQUIRED_SUBGRAPHS`); null = all. @default null */
  requiredSubgraphs: string[] | null;
  /**
   * Let @apollo/gateway send its anonymous usage metrics to Apollo (`APOLLO_TELEMETRY`).
   * @default false: a self-hosted gateway makes no calls home unless asked to
   */
  apolloTelemetry: boolean;
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

export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const common = loadCommonConfig(env, 4000);
  const production = common.nodeEnv === 'production';
  const parsed = parseEnv(
    {
      SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
      JWT_ISSUER: z.string().default('ordergraph-accounts'),
      JWT_AUDIENCE: z.string().default('ordergraph'),
      GRAPHQL_LANDING_PAGE: z.enum(['true', 'false']).optional(),
      GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
      READINESS_REQUIRED_SUBGRAPHS: z
        .string()
        .regex(/^(\*|[\w-]+(,\s*[\w-]+)*)$/, 'expected "*" or subgraph names separated by commas, e.g. "products,orders"')
        .default('*'),
      APOLLO_TELEMETRY: booleanFlag(false),
    },
    env,
  );
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(SUBGRAPH_URL_PREFIX) || !value) continue;
    if (!isHttpUrl(value)) {
      throw new ConfigError(`Invalid configuration:\n  ${key}: expected a URL such as http://orders:4003/graphql (received ${JSON.stringify(value)})`);
    }
    subgraphUrls[key.slice(SUBGRAPH_URL_PREFIX.length).toLowerCase()] = value;
  }
  return {
    ...common,
    supergraphPath: parsed.SUPERGRAPH_PATH,
    subgraphUrls,
    introspect: parseIntrospectList(env.INTROSPECT_SUBGRAPHS),
    jwt: { secret: secret('JWT_SECRET', env), issuer: parsed.JWT_ISSUER, audience: parsed.JWT_AUDIENCE },
    landingPage: parsed.GRAPHQL_LANDING_PAGE ? parsed.GRAPHQL_LANDING_PAGE === 'true' : !production,
    introspection: parsed.GRAPHQL_INTROSPECTION ? parsed.GRAPHQL_INTROSPECTION === 'true' : !production,
    requiredSubgraphs:
      parsed.READINESS_REQUIRED_SUBGRAPHS === '*' ? null : parsed.READINESS_REQUIRED_SUBGRAPHS.split(',').map((s) => s.trim().toLowerCase()),
    apolloTelemetry: parsed.APOLLO_TELEMETRY,
  };
}
