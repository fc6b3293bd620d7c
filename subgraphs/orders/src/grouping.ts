import DataLoader from 'dataloader';

/**
 * A DataLoader that sends one call at a time: the keys that arrive while a call is in flight wait
 * for it and go together in the next one (at most `maxBatchSize`). An idle service sends each key at
 * once (no added latency); at load, one call serves many orders (#17). No cache: it only groups,
 * so every key is read or written by a call made after it arrived, and keys are not deduplicated.
 */
export function groupWhileInFlight<K, V>(send: (keys: readonly K[]) => Promise<Array<V | Error>>, maxBatchSize: number): DataLoader<K, V> {
  let inFlight: Promise<unknown> = Promise.resolve();
  return new DataLoader(
    (keys) => {
      const call = send(keys);
      inFlight = call.catch(() => undefined);
      return call;
    },
    { cache: false, maxBatchSize, batchScheduleFn: (dispatch) => void inFlight.then(() => process.nextTick(dispatch)) },
  );
}
