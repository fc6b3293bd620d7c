import { describe, expect, it } from 'vitest';
import { DependencyRejected, DependencyUnavailable, type InternalClient } from './InternalClient.js';
import { PaymentsClient } from './PaymentsClient.js';

type Call = { query: string; variables: Record<string, unknown>; idempotent: boolean };
type Input = { orderId: string };

/** An InternalClient double whose first call waits for `release()`: what arrives meanwhile must wait and go together. */
function holdFirstCall(answer: (call: Call) => Promise<unknown>) {
  const calls: Call[] = [];
  let release!: () => void;
  const first = new Promise<void>((r) => (release = r));
  const client = {
    request: async (query: string, variables: Record<string, unknown>, { idempotent }: { idempotent: boolean }) => {
      const call = { query, variables, idempotent };
      calls.push(call);
      if (calls.length === 1) await first;
      return answer(call);
    },
  } as unknown as InternalClient;
  return { calls, payments: new PaymentsClient(client), release };
}

const ref = (orderId: string) => ({ orderId, customerId: 'c1', amount: 900, currency: 'EUR', paymentMethod: 'tok_visa' });
const inputsOf = (call: Call) => call.variables.inputs as Input[];
const captured = (call: Call) => ({ chargePayments: inputsOf(call).map(({ orderId }) => ({ orderId, status: 'CAPTURED', failureReason: null, errorCode: null, errorMessage: null })) });

describe('PaymentsClient.charge (grouped, #17 round 8)', () => {
  it('sends one at once when idle, and the charges that arrive meanwhile as one idempotent chargePayments call', async () => {
    const { calls, payments, release } = holdFirstCall(async (call) => captured(call));
    const alone = payments.charge(ref('o1'));
    await new Promise((r) => setImmediate(r));
    const grouped = ['o2', 'o3', 'o4'].map((id) => payments.charge(ref(id)));
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(1);
    release();
    expect(await alone).toEqual({ status: 'CAPTURED', failureReason: null });
    expect(await Promise.all(grouped)).toEqual(Array(3).fill({ status: 'CAPTURED', failureReason: null }));
    expect(calls.map((c) => inputsOf(c).map((i) => i.orderId))).toEqual([['o1'], ['o2', 'o3', 'o4']]);
    expect(calls.every((c) => c.idempotent && c.query.includes('chargePayments'))).toBe(true);
    expect(inputsOf(calls[1]!)[0]).toEqual(ref('o2'));
  });

  it('gives each order its own answer: a status, a refusal, or (a passing error) one more try of that order alone', async () => {
    const { calls, payments, release } = holdFirstCall(async (call) => {
      if (call.query.includes('chargePayment(')) return { chargePayment: { status: 'CAPTURED', failureReason: null } };
      const attempts: Record<string, object> = {
        ok: { status: 'DECLINED', failureReason: 'The card was declined.', errorCode: null, errorMessage: null },
        bad: { status: null, failureReason: null, errorCode: 'BAD_USER_INPUT', errorMessage: 'Order bad was already charged a different amount.' },
        down: { status: null, failureReason: null, errorCode: 'SERVICE_UNAVAILABLE', errorMessage: 'The payment provider is temporarily unavailable.' },
      };
      return { chargePayments: inputsOf(call).map(({ orderId }) => ({ orderId, ...(attempts[orderId] ?? attempts.ok) })) };
    });
    const first = payments.charge(ref('first'));
    await new Promise((r) => setImmediate(r));
    const [ok, bad, down] = ['ok', 'bad', 'down'].map((id) => payments.charge(ref(id)).catch((e: Error) => e));
    release();
    await first;
    expect(await ok).toEqual({ status: 'DECLINED', failureReason: 'The card was declined.' });
    expect(await bad).toBeInstanceOf(DependencyRejected);
    expect(await bad).toMatchObject({ code: 'BAD_USER_INPUT' });
    // The passing error: that order alone, through chargePayment.
    expect(await down).toEqual({ status: 'CAPTURED', failureReason: null });
    expect(calls.at(-1)!.query).toContain('chargePayment(');
    expect(calls.at(-1)!.variables).toEqual({ input: ref('down') });
  });

  it('fails every order of the group when the call fails as a whole, and an answer that leaves an order out as unavailable', async () => {
    let n = 0;
    const { payments, release } = holdFirstCall(async (call) => {
      n += 1;
      if (n === 2) throw new DependencyUnavailable('payments', 'connection refused');
      return { chargePayments: inputsOf(call).slice(1).map(({ orderId }) => ({ orderId, status: 'CAPTURED', failureReason: null, errorCode: null, errorMessage: null })) };
    });
    const first = payments.charge(ref('a')).catch((e: Error) => e);
    await new Promise((r) => setImmediate(r));
    const group = ['b', 'c'].map((id) => payments.charge(ref(id)).catch((e: Error) => e));
    release();
    expect(await first).toBeInstanceOf(DependencyUnavailable); // its answer named no order at index 0
    expect(await Promise.all(group)).toEqual([expect.any(DependencyUnavailable), expect.any(DependencyUnavailable)]);
  });
});
