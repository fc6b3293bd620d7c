import { readFileSync } from 'node:fs';
import { ConfigError } from '@ordergraph/core';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export function readSupergraph(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  SUPERGRAPH_PATH: cannot read the supergraph file at ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run \`pnpm compose\` or point SUPERGRAPH_PATH at a supergraph SDL file`,
    );
  }
}

/**
 * The `SUBGRAPH_URL_<NAME>` override for a subgraph, if any. Overrides are keyed by the lower-cased
 * variable suffix, and a variable name cannot spell every subgraph name (`reviewsV2`, `reviews-v2`),
 * so the name is folded the same way: lower case, and anything other than [a-z0-9_] as `_`.
 */
export function subgraphUrlOverride(overrides: Record<string, string>, name: string): string | undefined {
  return overrides[name.toLowerCase().replace(/[^a-z0-9_]/g, '_')];
}

/** The subgraphs a supergraph routes to (`@join__graph(name:, url:)`), with URL overrides applied. */
export function subgraphEndpoints(supergraphSdl: string, overrides: Record<string, string>): SubgraphEndpoint[] {
  const endpoints: SubgraphEndpoint[] = [];
  for (const match of supergraphSdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"\s*,\s*url:\s*"([^"]*)"\s*\)/g)) {
    const name = match[1] as string;
    endpoints.push({ name, url: subgraphUrlOverride(overrides, name) ?? (match[2] as string) });
  }
  return endpoints;
}
