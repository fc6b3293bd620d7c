// Lets the Prisma CLI work on the products subgraph's database, e.g.
//   PRODUCTS_DATABASE_URL=postgresql://... pnpm exec prisma migrate deploy --config prisma/products/prisma.config.ts
// The services themselves apply these migrations on start-up (pnpm db:migrate does too).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.PRODUCTS_DATABASE_URL ?? process.env.DATABASE_URL ?? '' },
});
