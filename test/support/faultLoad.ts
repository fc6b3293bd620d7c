import { setTimeout as sleep } from 'node:timers/promises';
import type { TestStack } from '@ordergraph/testing';

export interface PlacementResult {
  idempotencyKey: string;
  orderId: string | null;
  /** `extensions.code` of each error ("NETWORK" when the gateway itself could not be reached). */
  errorCodes: string[];
  /** What the first error told the client about retrying. */
  retryHint: { retryable?: unknown; idempotencyKey?: unknown } | null;
  /** The first error's message, for diagnostics. */
  message?: string;
}

/** Poll `check` until it holds, or fail naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, explain?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain ? `: ${explain()}` : ''}`);
    await sleep(50);
  }
}

/**
 * Places orders through the gateway from `workers` loops (one token each, round robin) until
 * stopped; every request carries its own idempotencyKey. `placed` counts orders the gateway
 * returned, so a test can wait for progress rather than sleep.
 */
export function placeUnderLoad(stack: TestStack, tokens: string[], productIds: string[], createOrder: string, workers = 4) {
  const results: PlacementResult[] = [];
  let running = true;
  let sequence = 0;
  const state = { placed: 0 };
  const loop = async (worker: number) => {
    while (running) {
      const idempotencyKey = `fault-${process.pid}-${worker}-${sequence++}`;
      const input = { items: [{ productId: productIds[sequence % productIds.length]!, quantity: 1 }], paymentMethod: 'tok_visa', idempotencyKey };
      try {
        const { body } = await stack.gql(createOrder, { input }, { token: tokens[worker % tokens.length]! });
        const errors = body.errors ?? [];
        const orderId = body.data?.createOrder?.id ?? null;
        if (orderId) state.placed += 1;
        results.push({
          idempotencyKey,
          orderId,
          errorCodes: errors.map((e) => String(e.extensions?.code)),
          retryHint: errors[0] ? { retryable: errors[0].extensions?.retryable, idempotencyKey: errors[0].extensions?.idempotencyKey } : null,
          message: errors[0]?.message,
        });
      } catch {
        results.push({ idempotencyKey, orderId: null, errorCodes: ['NETWORK'], retryHint: null });
        await sleep(20);
      }
    }
  };
  const loops = Array.from({ length: workers }, (_, i) => loop(i));
  return {
    get placed() {
      return state.placed;
    },
    /** The last few outcomes, to say why progress stalled. */
    recent(n = 5): string {
      return JSON.stringify(results.slice(-n).map((r) => r.orderId ?? `${r.errorCodes.join(',')}: ${r.message}`));
    },
    async stop(): Promise<PlacementResult[]> {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}
