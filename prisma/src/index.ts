import { fileURLToPath } from 'node:url';

/** The databases whose Prisma schema and migrations live here: one per subgraph. */
export type DatabaseName = 'accounts' | 'orders' | 'payments' | 'products';

/**
 * The absolute path of a database's SQL migrations (`prisma/<name>/migrations`). It resolves
 * the same from src/ (tests, `pnpm dev`) and dist/ (images), and in a `pnpm deploy` directory,
 * where this package arrives with its migrations ("files") like any other dependency.
 */
export function migrationsDir(name: DatabaseName): string {
  return fileURLToPath(new URL(`../${name}/migrations`, import.meta.url));
}
