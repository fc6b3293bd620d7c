import { describe, expect, it } from 'vitest';
import { ServiceLifecycle } from '@ordergraph/http';
import { createLogger } from '@ordergraph/telemetry';
import type { PrismaClient } from '../generated/prisma/client.js';
import { RecoveryWorker } from './RecoveryWorker.js';

/** A database with `ids` abandoned once: the first claim gets them, later claims get none. */
function fakeDatabase(ids: string[]) {
  const claims: number[] = [];
  const prisma = {
    $queryRaw: async () => {
      claims.push(Date.now());
      return claims.length === 1 ? ids.map((id) => ({ id })) : [];
    },
  } as unknown as PrismaClient;
  return { prisma, claims };
}

async function until(check: () => boolean) {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('RecoveryWorker under graceful shutdown', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });

  it('shutdown waits for the order being driven, and nothing new is claimed once it began', async () => {
    const { prisma, claims } = fakeDatabase(['o1']);
    let finish!: () => void;
    const driving = new Promise<void>((resolve) => (finish = resolve));
    const driven: string[] = [];
    const saga = { drive: async (id: string) => (driven.push(id), await driving, {} as never) };
    const lifecycle = new ServiceLifecycle(logger);
    const worker = new RecoveryWorker(prisma, saga, { intervalMs: 0, leaseMs: 1000, lifecycle });
    const pass = worker.runOnce();
    await until(() => driven.length === 1);

    await lifecycle.begin(Date.now() + 5000); // what SIGTERM does first
    const claimsBefore = claims.length;
    let settled: string[] | null = null;
    const settling = lifecycle.settle(Date.now() + 5000, 500).then((left) => (settled = left));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBeNull(); // still waiting for the drive
    finish();
    await settling;
    expect(settled).toEqual([]); // it finished: nothing handed off
    expect(await pass).toBe(1);
    expect(claims).toHaveLength(claimsBefore); // halted: no claim after shutdown began
  });

  it('at the deadline, the drive still running is reported as handed off to recovery', async () => {
    const { prisma } = fakeDatabase(['o2']);
    const saga = { drive: () => new Promise<never>(() => undefined) };
    const lifecycle = new ServiceLifecycle(logger);
    const worker = new RecoveryWorker(prisma, saga, { intervalMs: 0, leaseMs: 1000, lifecycle });
    void worker.runOnce();
    await until(() => lifecycle.pending === 1);
    await lifecycle.begin(Date.now() + 200);
    expect(await lifecycle.settle(Date.now() + 100, 50)).toEqual(['recover order o2']);
  });
});
