import { z } from 'zod';
import { booleanFlag, integer, parseEnv } from '@ordergraph/core';
import type { SupergraphUrlOptions } from './pollSupergraphUrl.js';

/** Supergraph hot reload (docs/operations.md, "Changing the supergraph"). */
export interface SupergraphReloadConfig {
  /** Reload when SUPERGRAPH_PATH changes (`SUPERGRAPH_WATCH`). @default true */
  watch: boolean;
  /** Poll a schema registry for the supergraph (`SUPERGRAPH_URL`, `SUPERGRAPH_POLL_INTERVAL_MS`, `SUPERGRAPH_URL_AUTHORIZATION`). @default null */
  url: SupergraphUrlOptions | null;
}

export function loadSupergraphReloadConfig(env: Record<string, string | undefined>): SupergraphReloadConfig {
  const parsed = parseEnv(
    {
      SUPERGRAPH_WATCH: booleanFlag(true),
      SUPERGRAPH_URL: z.url({ message: 'expected the http(s) URL that serves the supergraph SDL, e.g. https://registry.example/supergraph.graphql' }).optional(),
      SUPERGRAPH_POLL_INTERVAL_MS: integer(10_000, 100),
      SUPERGRAPH_URL_AUTHORIZATION: z.string().optional(),
    },
    env,
  );
  return {
    watch: parsed.SUPERGRAPH_WATCH,
    url: parsed.SUPERGRAPH_URL
      ? { href: parsed.SUPERGRAPH_URL, intervalMs: parsed.SUPERGRAPH_POLL_INTERVAL_MS, authorization: parsed.SUPERGRAPH_URL_AUTHORIZATION ?? null }
      : null,
  };
}
