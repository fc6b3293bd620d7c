import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase, testDatabaseBackends, type SubgraphDatabase } from '@ordergraph/db';
import { PrismaClient } from '../generated/prisma/client.js';
import { MIGRATIONS_DIR } from '../server.js';
import { PaymentService, type ChargeInput, type PaymentResult } from './PaymentService.js';
import { SimulatedProvider } from './SimulatedProvider.js';

// Grouped charges (#17, round 8): one statement per step for the group, each order answered as
// `charge` answers it alone, the provider called once per order. Both backends.
const backends = testDatabaseBackends('payments_cm');

describe.each(backends)('PaymentService.chargeMany on $name', (backend) => {
  let database: SubgraphDatabase<PrismaClient>;
  let n = 0;
  beforeAll(async () => {
    database = await openSubgraphDatabase({ target: backend.target(), migrationsDir: MIGRATIONS_DIR, createClient: (adapter) => new PrismaClient({ adapter }) });
  });
  afterAll(async () => {
    await database?.close();
    await backend.drop?.();
  });

  const make = (failFor: (orderId: string) => boolean = () => false) => {
    let current = '';
    const provider = new SimulatedProvider({
      declineTokens: ['tok_decline'],
      pendingTokens: ['tok_3ds'],
      pendingMs: 60_000,
      declineOverAmount: 1_000_000,
      latencyMs: 0,
      failureRate: 0.5,
      random: () => (failFor(current) ? 0 : 1),
    });
    // The order an authorization is for, for `failFor` (the simulator draws `random` inside authorize).
    const authorize = provider.authorize.bind(provider);
    provider.authorize = (request) => ((current = request.orderId), authorize(request));
    return { provider, payments: new PaymentService(database.reads, provider) };
  };
  const charge = (method = 'tok_visa', amount = 900): ChargeInput => ({ orderId: `cm-${++n}`, customerId: 'c1', amount, currency: 'EUR', paymentMethod: method });
  const statuses = (results: Array<PaymentResult | Error>) => results.map((r) => (r instanceof Error ? ((r as { extensions?: { code?: string } }).extensions?.code ?? r.message) : r.status));
  const row = (orderId: string) => database.prisma.payment.findUnique({ where: { orderId } });

  it('answers each order as charge would: captured, declined, pending, a different amount, a retry, a tombstone, a repeat, bad input', async () => {
    const { provider, payments } = make();
    const [visa, declined, pending, mismatch, retried, voided] = [charge(), charge('tok_decline'), charge('tok_3ds'), charge(), charge(), charge()];
    await payments.charge({ ...mismatch!, amount: 100 });
    await payments.charge(retried!);
    await payments.void(voided!);
    const before = provider.moneyMovements.length;
    const results = await payments.chargeMany([visa!, declined!, pending!, mismatch!, retried!, voided!, visa!, { ...charge(), amount: -1 }]);
    expect(statuses(results)).toEqual(['CAPTURED', 'DECLINED', 'PENDING', 'BAD_USER_INPUT', 'CAPTURED', 'VOIDED', 'CAPTURED', 'BAD_USER_INPUT']);
    expect((results[1] as PaymentResult).failureReason).toBe('The card was declined.');
    // Money moved once, for the one new capture; the retry and the repeat moved nothing.
    expect(provider.moneyMovements.slice(before)).toEqual([{ step: 'capture', providerRef: (await row(visa!.orderId))!.providerRef, amount: 900 }]);
    expect(await row(visa!.orderId)).toMatchObject({ status: 'CAPTURED', amount: 900n });
    expect(await row(pending!.orderId)).toMatchObject({ status: 'PENDING', providerRef: expect.stringMatching(/^sim_/) });
    expect(await row(mismatch!.orderId)).toMatchObject({ amount: 100n });
    expect(await row(voided!.orderId)).toMatchObject({ status: 'VOIDED', providerRef: null });
    // Each answer is what charge answers for the same order now.
    for (const [i, input] of [visa, declined, pending, retried, voided].entries()) {
      expect((await payments.charge(input!)).status).toBe(statuses(results)[[0, 1, 2, 4, 5][i]!]);
    }
  });

  it('charges a group of fresh orders with three statements in all', async () => {
    const { provider, payments } = make();
    const group = Array.from({ length: 10 }, () => charge());
    const before = database.stats.statements;
    expect(statuses(await payments.chargeMany(group))).toEqual(Array(10).fill('CAPTURED'));
    expect(database.stats.statements - before).toBe(3);
    expect(provider.moneyMovements.filter((m) => m.step === 'capture')).toHaveLength(10);
    const rows = await database.prisma.payment.findMany({ where: { orderId: { in: group.map((g) => g.orderId) } } });
    expect(rows.every((r) => r.status === 'CAPTURED' && r.providerRef?.startsWith('sim_') && r.amount === 900n && r.currency === 'EUR')).toBe(true);
  });

  it('a provider outage for one order is that order’s answer (retryable, still PENDING); the others are charged', async () => {
    const group = [charge(), charge(), charge()];
    const { payments } = make((orderId) => orderId === group[1]!.orderId);
    expect(statuses(await payments.chargeMany(group))).toEqual(['CAPTURED', 'SERVICE_UNAVAILABLE', 'CAPTURED']);
    expect(await row(group[1]!.orderId)).toMatchObject({ status: 'PENDING', providerRef: null });
    // Retried once the provider answers: charged, with the same key.
    expect((await make().payments.charge(group[1]!)).status).toBe('CAPTURED');
  });
});
