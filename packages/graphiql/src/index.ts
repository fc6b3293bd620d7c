// Where the GraphiQL bundle is (built by build.mjs): the gateway serves these files itself.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GraphiQLManifest {
  /** The page's script and stylesheet, relative to `assetsDir`. */
  script: string;
  style: string;
  /** Monaco's worker scripts by label (editor, json, graphql), relative to `assetsDir`. */
  workers: Record<string, string>;
}

export interface GraphiQLAssets {
  /** Directory of the content-hashed files named in `manifest`. */
  assetsDir: string;
  manifest: GraphiQLManifest;
}

// The same from src/index.ts (sources) and dist/index.js (compiled).
const dist = new URL('../public/', import.meta.url);

/** The built bundle, or null when it was never built (`pnpm --filter @ordergraph/graphiql build`). */
export function loadGraphiQLAssets(): GraphiQLAssets | null {
  const manifestFile = new URL('manifest.json', dist);
  if (!existsSync(manifestFile)) return null;
  return { assetsDir: fileURLToPath(new URL('assets/', dist)), manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as GraphiQLManifest };
}
