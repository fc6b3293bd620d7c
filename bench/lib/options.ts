import { z } from 'zod';
import { parseEnv } from '@ordergraph/core';

export interface BenchOptions {
  /** Seconds of measured load per run (`BENCH_DURATION`). @default 10 */
  durationSeconds: number;
  /** Seconds of unmeasured load before measuring each target (`BENCH_WARMUP`). @default 5 */
  warmupSeconds: number;
  /** Alternating rounds per target (`BENCH_ROUNDS`). @default 3 */
  rounds: number;
  /** Concurrent connections for throughput runs (`BENCH_CONNECTIONS`). @default 16 */
  connections: number;
  /** Write a V8 CPU profile of each server process during its first measured round into bench/results/profiles (`BENCH_CPU_PROF`). @default false */
  cpuProfile: boolean;
  /**
   * Node flags for both gateway processes (`BENCH_GATEWAY_NODE_OPTIONS`): by default the heap cap
   * docs/performance.md recommends for the gateway, applied to stock too. @default '--max-old-space-size=160'
   */
  gatewayNodeArgs: string[];
  /** Run the subgraphs on PostgreSQL instead of in-memory PGlite (`BENCH_DATABASE_URL`). */
  databaseUrl: string | undefined;
  /**
   * A checkout of another commit (`BENCH_BASELINE_DIR`, e.g. made with `git worktree add`, with
   * `pnpm install` run in it): `bench:federated` adds its deployed stack as the baseline row.
   */
  baselineDir: string | undefined;
  /** Redis for the deployed stacks' rate limits and order events (`BENCH_REDIS_URL`); unset keeps them in process. */
  redisUrl: string | undefined;
  /**
   * Run our deployed stack as the Dockerfile does (`BENCH_COMPILED`): the build (dist/) under plain
   * `node --conditions=production` instead of src/ through tsx. Unset: each scenario's default
   * (`bench:orders` compiled; `bench:federated` not, since its baseline commit has no build).
   */
  compiled: boolean | undefined;
}

export function loadBenchOptions(env: Record<string, string | undefined>): BenchOptions {
  const positive = (fallback: number) => z.coerce.number().positive('expected a positive number').default(fallback);
  const parsed = parseEnv(
    {
      BENCH_DURATION: positive(10),
      BENCH_WARMUP: z.coerce.number().min(0).default(5),
      BENCH_ROUNDS: z.coerce.number().int().positive().default(3),
      BENCH_CONNECTIONS: z.coerce.number().int().positive().default(16),
      BENCH_CPU_PROF: z.enum(['true', 'false']).default('false'),
      BENCH_DATABASE_URL: z.url().optional(),
      BENCH_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected a redis:// URL').optional(),
      BENCH_GATEWAY_NODE_OPTIONS: z.string().default('--max-old-space-size=160'),
      BENCH_BASELINE_DIR: z.string().min(1).optional(),
      BENCH_COMPILED: z.enum(['true', 'false']).optional(),
    },
    env,
  );
  return {
    durationSeconds: parsed.BENCH_DURATION,
    warmupSeconds: parsed.BENCH_WARMUP,
    rounds: parsed.BENCH_ROUNDS,
    connections: parsed.BENCH_CONNECTIONS,
    cpuProfile: parsed.BENCH_CPU_PROF === 'true',
    databaseUrl: parsed.BENCH_DATABASE_URL,
    redisUrl: parsed.BENCH_REDIS_URL,
    baselineDir: parsed.BENCH_BASELINE_DIR,
    gatewayNodeArgs: parsed.BENCH_GATEWAY_NODE_OPTIONS.split(/\s+/).filter(Boolean),
    compiled: parsed.BENCH_COMPILED === undefined ? undefined : parsed.BENCH_COMPILED === 'true',
  };
}
