import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One graphql instance, as under Node: Vite would resolve our sources' `graphql` imports to
// its ESM build while CommonJS dependencies (@apollo/subgraph, @apollo/gateway) load the
// CommonJS build, and graphql's instanceof checks reject types from "another realm".
const resolve = { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/deploy/**/*.test.ts', 'test/tooling/**/*.test.ts', 'gateway/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts'],
          testTimeout: 30_000,
          // Several files open a migrated PGlite or boot a service in beforeAll: seconds on an idle
          // machine, over the 10 s default on a shared, loaded one.
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        // End-to-end through the real gateway over HTTP; each file boots its own isolated stack.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
