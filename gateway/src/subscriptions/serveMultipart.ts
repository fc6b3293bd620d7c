import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@ordergraph/core';
import type { IncrementalItem } from '../incremental/deferredPayload.js';
import { MultipartWriter } from './MultipartWriter.js';
import { formatResult, startIncrementalOperation } from './startOperation.js';
import type { SubscriptionResult } from './SharedSubscription.js';
import { failStreamingRequest, OpenStreams, readStreamingCall, sendJson, type Format, type StreamingOptions } from './streamingResponse.js';

export interface MultipartOptions extends StreamingOptions {
  /** Time between heartbeats (`{}` parts) of a subscription. @default 5000 */
  heartbeatMs?: number;
}

/**
 * GraphQL over multipart HTTP, what Apollo Client's HttpLink speaks by default:
 * - subscriptions (Apollo's protocol, `Accept: multipart/mixed;subscriptionSpec="1.0"`): each
 *   event a part `{"payload":{…}}`, a `{}` heartbeat every few seconds, a fatal error as
 *   `{"payload":null,"errors":[…]}`, the end as the closing boundary;
 * - `@defer` (`Accept: multipart/mixed; deferSpec=20220824`): the first part with `hasNext`,
 *   then the deferred fragments as `incremental` items (see incremental/).
 * Operations run through startOperation (the WebSocket and SSE transports' pipeline, auth and
 * limits); refused ones get a plain JSON error response.
 */
export function createMultipartHandler(options: MultipartOptions) {
  const path = options.path ?? '/graphql';
  const streams = new OpenStreams<MultipartWriter>(options, 'subscriptions');

  const handle = async (req: IncomingMessage, res: ServerResponse, accepts: Accepted) => {
    const { request, context } = await readStreamingCall(req, options);
    const started = await startIncrementalOperation(options.apollo, context, request, accepts.defer, options.maxInputDepth);
    switch (started.kind) {
      case 'refused':
        return sendJson(res, 400, { errors: started.errors.map(options.formatError) });
      case 'result':
        return sendJson(res, 200, formatResult(started.result, options.formatError));
      case 'incremental':
        return writeIncremental(res, started.initial, started.subsequent, options.formatError);
      case 'subscription': {
        if (!accepts.subscriptions) return sendJson(res, 406, { errors: [{ message: 'Subscriptions over multipart HTTP need `Accept: multipart/mixed;subscriptionSpec="1.0"`.', extensions: { code: ErrorCode.BAD_REQUEST } }] });
        if (streams.refuseWhenFull(res, context.clientIp)) return;
        const writer = new MultipartWriter(res, 'graphql', 'subscriptionSpec="1.0"');
        // Client gone (or cut off): leave the shared subscription, which ends upstream when it was the last one.
        const { stream } = streams.subscribe(res, started.planned, context, writer);
        await streamEvents(writer, stream, options.heartbeatMs ?? 5000, options.formatError);
      }
    }
  };

  return {
    /** The middleware: true when it took the request. */
    middleware: (req: IncomingMessage, res: ServerResponse): boolean => {
      if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== path) return false;
      const accepts = negotiate(req.headers.accept);
      if (!accepts) return false;
      handle(req, res, accepts).catch((error: unknown) => failStreamingRequest(res, error, options.formatError));
      return true;
    },
    /** On shutdown: end every subscription stream with the closing boundary (clients resubscribe elsewhere). */
    close: () => {
      for (const writer of streams.open) writer.end();
      streams.open.clear();
    },
  };
}

interface Accepted {
  subscriptions: boolean;
  defer: boolean;
}

/** Which multipart protocols the client accepts; null for none (the request is not ours). */
function negotiate(accept: string | undefined): Accepted | null {
  if (!accept || !/multipart\/mixed/i.test(accept)) return null;
  const subscriptions = /subscriptionSpec\s*=\s*"?1\.0"?/i.test(accept);
  const defer = /deferSpec\s*=\s*"?20220824"?/i.test(accept);
  return subscriptions || defer ? { subscriptions, defer } : null;
}

/** Subscription events as parts until the stream ends or the client leaves; heartbeats in between. */
async function streamEvents(writer: MultipartWriter, stream: AsyncIterableIterator<SubscriptionResult>, heartbeatMs: number, format: Format): Promise<void> {
  writer.part({}); // headers and a first part at once: the client knows the subscription is running
  const heartbeat = setInterval(() => writer.part({}), heartbeatMs);
  try {
    for await (const result of stream) {
      const formatted = formatResult(result, format);
      // An error without data ends the subscription (upstream gone, subgraph unavailable): a transport error.
      const body = formatted.data === undefined && formatted.errors?.length ? { payload: null, errors: formatted.errors } : { payload: formatted };
      if (!(await writer.partDrained(body))) break;
    }
  } finally {
    clearInterval(heartbeat);
    writer.end();
  }
}

/** `@defer`: the first part at once (hasNext), then every deferred fragment in one last part. */
async function writeIncremental(res: ServerResponse, initial: SubscriptionResult, subsequent: Promise<IncrementalItem[]>, format: Format): Promise<void> {
  const writer = new MultipartWriter(res, '-', 'deferSpec=20220824');
  writer.part({ ...formatResult(initial, format), hasNext: true });
  const items = await subsequent;
  const incremental = items.map((item) => (item.errors ? { ...item, errors: item.errors.map(format) } : item));
  writer.part(incremental.length > 0 ? { incremental, hasNext: false } : { hasNext: false });
  writer.end();
}
