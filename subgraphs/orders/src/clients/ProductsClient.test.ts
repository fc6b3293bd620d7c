import { describe, expect, it } from 'vitest';
import { DependencyRejected, DependencyUnavailable, type InternalClient } from './InternalClient.js';
import { ProductsClient } from './ProductsClient.js';

type Call = { query: string; variables: Record<string, unknown>; idempotent: boolean };
type Input = { orderId: string; items: Array<{ productId: string; quantity: number }> };

/** An InternalClient double: records each request and answers it with `answer` (or its error). */
function fakeClient(answer: (call: Call) => Promise<unknown>) {
  const calls: Call[] = [];
  const client = {
    request: async (query: string, variables: Record<string, unknown>, { idempotent }: { idempotent: boolean }) => {
      const call = { query, variables, idempotent };
      calls.push(call);
      return answer(call);
    },
  } as unknown as InternalClient;
  return { calls, products: new ProductsClient(client) };
}

/** A client whose first call waits for `release()`: what arrives meanwhile must wait for it and go together. */
function holdFirstCall(answer: (call: Call) => Promise<unknown>) {
  let release!: () => void;
  const first = new Promise<void>((r) => (release = r));
  const client = fakeClient(async (call) => {
    if (client.calls.length === 1) await first;
    return answer(call);
  });
  return { ...client, release };
}

const items = [{ productId: 'p1', quantity: 1 }];
const inputsOf = (call: Call) => call.variables.inputs as Input[];
const reserved = (call: Call) => ({ reserveStocks: inputsOf(call).map(({ orderId }) => ({ orderId, outcome: 'RESERVED', productId: null, errorCode: null, errorMessage: null })) });

describe('ProductsClient.reserve (grouped, #17 round 5)', () => {
  it('sends one at once when idle, and the reservations that arrive meanwhile as one idempotent reserveStocks call', async () => {
    const { calls, products, release } = holdFirstCall(async (call) => reserved(call));
    const alone = products.reserve('o1', items);
    await new Promise((r) => setImmediate(r));
    expect(calls.map((c) => inputsOf(c).map((i) => i.orderId))).toEqual([['o1']]);
    // While o1's call is in flight, three more arrive: they wait for it and go together.
    const grouped = ['o2', 'o3', 'o4'].map((id) => products.reserve(id, items));
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(1);
    release();
    expect(await alone).toEqual({ outcome: 'RESERVED', productId: null });
    expect(await Promise.all(grouped)).toEqual(Array(3).fill({ outcome: 'RESERVED', productId: null }));
    expect(calls.map((c) => inputsOf(c).map((i) => i.orderId))).toEqual([['o1'], ['o2', 'o3', 'o4']]);
    expect(calls.every((c) => c.idempotent && c.query.includes('reserveStocks'))).toBe(true);
    expect(inputsOf(calls[1]!)[0]).toEqual({ orderId: 'o2', items });
  });

  it("gives each order its own answer: an outcome, a refusal, or (a passing error) one more try of that order alone", async () => {
    const { calls, products } = fakeClient(async (call) => {
      if (call.query.includes('reserveStock(')) return { reserveStock: { outcome: 'RESERVED', productId: null } };
      return {
        reserveStocks: [
          { orderId: 'ok', outcome: 'RESERVED', productId: null, errorCode: null, errorMessage: null },
          { orderId: 'short', outcome: 'OUT_OF_STOCK', productId: 'p9', errorCode: null, errorMessage: null },
          { orderId: 'bad', outcome: null, productId: null, errorCode: 'BAD_USER_INPUT', errorMessage: 'items[0].quantity must be an integer' },
          { orderId: 'busy', outcome: null, productId: null, errorCode: 'CONFLICT', errorMessage: 'written concurrently; retry' },
        ],
      };
    });
    const results = await Promise.allSettled(['ok', 'short', 'bad', 'busy'].map((id) => products.reserve(id, items)));
    expect(results[0]).toEqual({ status: 'fulfilled', value: { outcome: 'RESERVED', productId: null } });
    expect(results[1]).toEqual({ status: 'fulfilled', value: { outcome: 'OUT_OF_STOCK', productId: 'p9' } });
    expect(results[2]).toMatchObject({ status: 'rejected', reason: expect.any(DependencyRejected) });
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(results[3]).toEqual({ status: 'fulfilled', value: { outcome: 'RESERVED', productId: null } });
    expect(calls.map((c) => (c.query.includes('reserveStocks') ? 'group' : `alone:${(c.variables.input as Input).orderId}`))).toEqual(['group', 'alone:busy']);
  });

  it('fails every order of the group when the call fails as a whole (after the client retried it), and sends the next group', async () => {
    const { calls, products } = fakeClient(async (call) => {
      if (calls.length === 1) throw new DependencyUnavailable('products', 'HTTP 503');
      return reserved(call);
    });
    const results = await Promise.allSettled(['o1', 'o2'].map((id) => products.reserve(id, items)));
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof DependencyUnavailable)).toEqual([true, true]);
    await expect(products.reserve('o3', items)).resolves.toMatchObject({ outcome: 'RESERVED' });
    expect(calls.map((c) => inputsOf(c).map((i) => i.orderId))).toEqual([['o1', 'o2'], ['o3']]);
  });

  it('fails an order the answer leaves out or misplaces as unavailable, like a failed single call', async () => {
    const { products } = fakeClient(async () => ({ reserveStocks: [{ orderId: 'o2', outcome: 'RESERVED', productId: null, errorCode: null, errorMessage: null }] }));
    const results = await Promise.allSettled(['o1', 'o2'].map((id) => products.reserve(id, items)));
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof DependencyUnavailable)).toEqual([true, true]);
  });
});

describe('ProductsClient.quotes (grouped, #17 round 6)', () => {
  const quote = (id: string) => ({ id, active: true, priceAmount: 100 + Number(id.slice(1)), currency: 'USD' });
  const idsOf = (call: Call) => call.variables.ids as string[];
  // The products subgraph answers the ids it knows (p1…p9), in its own order.
  const answer = async (call: Call) => ({ productQuotes: idsOf(call).filter((id) => /^p\d$/.test(id)).reverse().map(quote) });

  it('asks at once when idle, and for the orders that arrive meanwhile in one call, each product id once', async () => {
    const { calls, products, release } = holdFirstCall(answer);
    const alone = products.quotes(['p1']);
    await new Promise((r) => setImmediate(r));
    expect(calls.map(idsOf)).toEqual([['p1']]);
    const grouped = [['p2', 'p3'], ['p3'], ['p4', 'nope', 'p2']].map((ids) => products.quotes(ids));
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(1);
    release();
    expect(await alone).toEqual([quote('p1')]);
    // Each order gets the quotes of its own ids, in its order; an unknown id is left out (PRODUCT_UNAVAILABLE to the saga).
    expect(await Promise.all(grouped)).toEqual([[quote('p2'), quote('p3')], [quote('p3')], [quote('p4'), quote('p2')]]);
    expect(calls.map(idsOf)).toEqual([['p1'], ['p2', 'p3', 'p4', 'nope']]);
    expect(calls.every((c) => c.idempotent && c.query.includes('productQuotes'))).toBe(true);
  });

  it('reads again for every group: nothing is cached between calls', async () => {
    const { calls, products } = fakeClient(answer);
    await products.quotes(['p1']);
    await products.quotes(['p1']);
    expect(calls.map(idsOf)).toEqual([['p1'], ['p1']]);
  });

  it('fails every order of the group when the call fails (after the client retried it), and asks again for the next group', async () => {
    const { calls, products } = fakeClient(async (call) => {
      if (calls.length === 1) throw new DependencyUnavailable('products', 'HTTP 503');
      return answer(call);
    });
    const results = await Promise.allSettled([['p1'], ['p2']].map((ids) => products.quotes(ids)));
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof DependencyUnavailable)).toEqual([true, true]);
    await expect(products.quotes(['p1'])).resolves.toEqual([quote('p1')]);
    expect(calls.map(idsOf)).toEqual([['p1', 'p2'], ['p1']]);
  });
});
