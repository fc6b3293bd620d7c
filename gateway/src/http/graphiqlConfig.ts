import { z } from 'zod';
import { booleanFlag, parseEnv } from '@ordergraph/core';

export interface GraphiQLConfig {
  /** Serve GraphiQL from the gateway's origin (`GRAPHIQL_ENABLED`). @default true outside production */
  enabled: boolean;
  /** Where (`GRAPHIQL_PATH`); its files are under `<path>/assets/`. @default '/graphiql' */
  path: string;
  /** Also answer browsers at GET /graphql with it, instead of Apollo Sandbox (`GRAPHQL_LANDING_PAGE=graphiql`). @default false */
  landingPage: boolean;
}

const RESERVED = ['/graphql', '/metrics', '/health/live', '/health/ready', '/.well-known/jwks.json'];

export function loadGraphiQLConfig(env: Record<string, string | undefined>, production: boolean): GraphiQLConfig {
  const parsed = parseEnv(
    {
      GRAPHIQL_ENABLED: booleanFlag(!production),
      GRAPHIQL_PATH: z
        .string()
        .regex(/^(\/[\w.~-]+)+$/, 'expected a path such as /graphiql (no trailing slash)')
        .refine((p) => !RESERVED.includes(p), `expected a path the gateway does not already serve (${RESERVED.join(', ')})`)
        .default('/graphiql'),
    },
    env,
  );
  const landingPage = env.GRAPHQL_LANDING_PAGE === 'graphiql';
  // Choosing GraphiQL as the landing page is enabling it.
  return { enabled: parsed.GRAPHIQL_ENABLED || landingPage, path: parsed.GRAPHIQL_PATH, landingPage };
}
