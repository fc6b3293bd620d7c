// Lets the Prisma CLI work on the orders subgraph's database, e.g.
//   ORDERS_DATABASE_URL=postgresql://... pnpm exec prisma migrate deploy --config prisma/orders/prisma.config.ts
// The services themselves apply these migrations on start-up (pnpm db:migrate does too).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.ORDERS_DATABASE_URL ?? process.env.DATABASE_URL ?? '' },
});
