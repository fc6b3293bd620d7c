/**
 * Resumable subscriptions between the gateway and a subgraph. The gateway asks for them with
 * `extensions.resumable: true` in `subscribe`; each event's result then carries
 * `extensions.position: { stream, at }` (e.g. the order and its outbox id). After an upstream
 * reconnection the gateway subscribes again with `extensions.resume: { after: { [stream]: at } }`
 * and the subgraph replays what it missed. Resolvers use the two functions below.
 */
const META = Symbol.for('ordergraph.subscription');

interface SubscriptionMeta {
  resumable: boolean;
  after: ReadonlyMap<string, bigint> | null;
  position?: { stream: string; at: bigint };
}

type WithMeta = { [META]?: SubscriptionMeta };

/** Most streams a resume point may name (one per order of a customer, typically a few). */
const MAX_STREAMS = 1000;

/** Read `resumable` / `resume` from a subscribe message's extensions; junk is ignored. */
export function readSubscriptionMeta(extensions: unknown): SubscriptionMeta {
  const ext = (extensions && typeof extensions === 'object' ? extensions : {}) as { resumable?: unknown; resume?: { after?: unknown } };
  const after = new Map<string, bigint>();
  const given = ext.resume?.after;
  if (given && typeof given === 'object') {
    for (const [stream, at] of Object.entries(given).slice(0, MAX_STREAMS)) {
      if (typeof at === 'string' && /^\d{1,20}$/.test(at) && stream.length <= 128) after.set(stream, BigInt(at));
    }
  }
  return { resumable: ext.resumable === true, after: after.size > 0 ? after : null };
}

export function attachSubscriptionMeta<T extends object>(context: T, meta: SubscriptionMeta): T {
  (context as WithMeta)[META] = meta;
  return context;
}

/** Where to resume from (last position delivered, per stream), or null for a fresh subscription. */
export function subscriptionResumePoint(context: object): ReadonlyMap<string, bigint> | null {
  return (context as WithMeta)[META]?.after ?? null;
}

/** Record the position of the event being resolved, so its result carries it. */
export function markSubscriptionPosition(context: object, stream: string, at: bigint): void {
  const meta = (context as WithMeta)[META];
  if (meta) meta.position = { stream, at };
}

/** The `extensions.position` for the result just resolved, when the subscriber asked for positions. */
export function takeSubscriptionPosition(context: unknown): { stream: string; at: string } | null {
  const meta = context && typeof context === 'object' ? (context as WithMeta)[META] : undefined;
  if (!meta?.resumable || !meta.position) return null;
  const { stream, at } = meta.position;
  meta.position = undefined;
  return { stream, at: at.toString() };
}
