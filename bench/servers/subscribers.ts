// Benchmark child process: many WebSocket subscribers (graphql-transport-ws, raw `ws` to keep
// the client side cheap), each its own connection with one subscription. Driven by the runner:
//   open     { url, query, tokens, subscribers: [{ token, orderId }], concurrency } → ramp result
//   progress → events received so far
//   collect  { sent: { "<orderId> <status>": ms } } → latencies and the delivery audit
//   close    → close every connection
// Times are process.hrtime (CLOCK_MONOTONIC), the same clock in every process on the machine.
import WebSocket from 'ws';
import { announceReady, serveRequests } from '../lib/ipc.js';

export interface OpenJob {
  url: string;
  query: string;
  /** Bearer tokens, by index. */
  tokens: string[];
  subscribers: Array<{ token: number; orderId: string }>;
  /** Handshakes in flight at once. */
  concurrency: number;
}

export interface OpenResult {
  opened: number;
  failed: number;
  firstFailure: string | null;
  ms: number;
}

export interface CollectJob {
  /** When each event was published: `"<orderId> <status>"` → ms (hrtime). */
  sent: Record<string, number>;
  /** The statuses every subscriber of an order must see, in this order. */
  expected: string[];
}

export interface CollectResult {
  subscribers: number;
  expected: number;
  received: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  /** Events without the federated fields (or with errors). */
  malformed: number;
  firstProblem: string | null;
  /** Publish → receive, ms, one per delivered event. */
  latencies: number[];
  /** Connections that closed or got a protocol error while they should have been open. */
  dropped: number;
  /** Per event (`"<orderId> <status>"`): first and last receive time here, ms (hrtime). */
  spans: Record<string, [number, number]>;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

interface Subscriber {
  orderId: string;
  socket: WebSocket | null;
  statuses: string[];
  times: number[];
  malformed: number;
  firstProblem: string | null;
}

const subscribers: Subscriber[] = [];
let closing = false;
let dropped = 0;
let received = 0;

/** A complete federated event: fields of orders, accounts, products and payments all present. */
function problemOf(message: any, orderId: string): string | null {
  if (message.payload?.errors?.length) return `errors: ${JSON.stringify(message.payload.errors).slice(0, 300)}`;
  const order = message.payload?.data?.orderStatusChanged;
  if (!order || order.id !== orderId) return `unexpected event ${JSON.stringify(message.payload).slice(0, 300)}`;
  const complete =
    typeof order.customer?.email === 'string' &&
    Array.isArray(order.items) &&
    order.items.length > 0 &&
    order.items.every((i: any) => typeof i.product?.name === 'string' && typeof i.product?.price?.amount === 'number') &&
    typeof order.payment?.status === 'string' &&
    typeof order.total?.amount === 'number';
  return complete ? null : `incomplete event ${JSON.stringify(order).slice(0, 300)}`;
}

function connect(job: OpenJob, index: number): Promise<void> {
  const spec = job.subscribers[index]!;
  const sub: Subscriber = { orderId: spec.orderId, socket: null, statuses: [], times: [], malformed: 0, firstProblem: null };
  subscribers.push(sub);
  return new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(job.url, 'graphql-transport-ws', { perMessageDeflate: false });
    sub.socket = socket;
    let ready = false;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no connection_ack within 30 s'));
    }, 30_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${job.tokens[spec.token]}` } })));
    socket.on('message', (raw) => {
      const at = now();
      const message = JSON.parse(raw.toString());
      if (message.type === 'next') {
        received++;
        const problem = problemOf(message, sub.orderId);
        if (problem) {
          sub.malformed++;
          sub.firstProblem ??= problem;
          return;
        }
        sub.statuses.push(message.payload.data.orderStatusChanged.status);
        sub.times.push(at);
      } else if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: job.query, variables: { id: sub.orderId } } }));
        ready = true;
        clearTimeout(timer);
        resolve();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'error' || message.type === 'complete') {
        dropped++;
        sub.firstProblem ??= `${message.type}: ${JSON.stringify(message.payload ?? null).slice(0, 300)}`;
      }
    });
    socket.on('error', (error) => {
      if (!ready) {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', (code, reason) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`closed ${code} ${reason.toString()}`));
      } else if (!closing) {
        dropped++;
        sub.firstProblem ??= `closed ${code} ${reason.toString()}`;
      }
    });
  });
}

async function open(job: OpenJob): Promise<OpenResult> {
  const started = now();
  let next = 0;
  let opened = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  const lane = async () => {
    while (next < job.subscribers.length) {
      const index = next++;
      try {
        await connect(job, index);
        opened++;
      } catch (error) {
        failed++;
        firstFailure ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, job.concurrency) }, lane));
  return { opened, failed, firstFailure, ms: now() - started };
}

function collect(job: CollectJob): CollectResult {
  const result: CollectResult = {
    subscribers: subscribers.length,
    expected: subscribers.length * job.expected.length,
    received,
    lost: 0,
    duplicates: 0,
    outOfOrder: 0,
    malformed: 0,
    firstProblem: null,
    latencies: [],
    dropped,
    spans: {},
  };
  for (const sub of subscribers) {
    result.malformed += sub.malformed;
    result.firstProblem ??= sub.firstProblem;
    const seen = new Set<string>();
    let position = -1;
    sub.statuses.forEach((status, i) => {
      if (seen.has(status)) {
        result.duplicates++;
        return;
      }
      seen.add(status);
      const rank = job.expected.indexOf(status);
      if (rank < position) result.outOfOrder++;
      position = Math.max(position, rank);
      const key = `${sub.orderId} ${status}`;
      const at = sub.times[i] as number;
      const sent = job.sent[key];
      if (sent !== undefined) result.latencies.push(at - sent);
      const span = result.spans[key];
      if (!span) result.spans[key] = [at, at];
      else {
        span[0] = Math.min(span[0], at);
        span[1] = Math.max(span[1], at);
      }
    });
    for (const status of job.expected) if (!seen.has(status)) result.lost++;
  }
  return result;
}

serveRequests({
  open: (args) => open(args as OpenJob),
  progress: () => ({ received, dropped }),
  collect: (args) => collect(args as CollectJob),
  close: async () => {
    closing = true;
    await Promise.all(
      subscribers.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (!s.socket || s.socket.readyState === WebSocket.CLOSED) return resolve();
            s.socket.once('close', () => resolve());
            s.socket.close(1000);
            setTimeout(() => {
              s.socket?.terminate();
              resolve();
            }, 2000).unref();
          }),
      ),
    );
    return true;
  },
});
announceReady({});
