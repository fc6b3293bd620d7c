import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatResult, startOperation } from './startOperation.js';
import { failStreamingRequest, OpenStreams, readStreamingCall, sendJson, type StreamingOptions } from './streamingResponse.js';

export type EventStreamOptions = StreamingOptions;

const HEARTBEAT_MS = 12_000;

/**
 * GraphQL over Server-Sent Events, "distinct connections" mode of the GraphQL-over-SSE protocol
 * (the `graphql-sse` client with `singleConnection: false`), for clients behind proxies that
 * block WebSocket: `POST /graphql` with `Accept: text/event-stream` and a JSON body. Each result is
 * an `event: next`, the end an `event: complete`. Auth, limits and execution are the WebSocket
 * transport's; operations refused before execution get a plain JSON error response.
 */
export function createEventStreamHandler(options: EventStreamOptions) {
  const path = options.path ?? '/graphql';
  const streams = new OpenStreams<ServerResponse>(options, 'event streams');

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const { request, context } = await readStreamingCall(req, options);
    if (streams.refuseWhenFull(res, context.clientIp)) return;
    const started = await startOperation(options.apollo, context, request, options.maxInputDepth);
    if (started.kind === 'refused') return sendJson(res, 400, { errors: started.errors.map(options.formatError) });
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    if (started.kind === 'result') {
      res.write(event('next', formatResult(started.result, options.formatError)));
      return res.end(event('complete'));
    }
    // The client leaving ends the stream, which ends the loop below: the handler, its gauge and
    // its upstream subscription all end together, whatever the loop was waiting for.
    const { stream, close } = streams.subscribe(res, started.planned, context, res);
    const heartbeat = setInterval(() => res.write(':\n\n'), HEARTBEAT_MS);
    try {
      res.flushHeaders();
      for await (const result of stream) {
        // Back-pressure: a client that does not read fills the stream's bounded buffer and is cut off.
        if (!res.write(event('next', formatResult(result, options.formatError)))) await drainedOrClosed(res);
      }
      if (!res.writableEnded && !res.destroyed) res.end(event('complete'));
    } finally {
      clearInterval(heartbeat);
      close();
    }
  };

  return {
    /** The middleware: true when it took the request. */
    middleware: (req: IncomingMessage, res: ServerResponse): boolean => {
      if (req.method !== 'POST' || !req.headers.accept?.includes('text/event-stream')) return false;
      if ((req.url ?? '/').split('?')[0] !== path) return false;
      handle(req, res).catch((error: unknown) => failStreamingRequest(res, error, options.formatError));
      return true;
    },
    /** On shutdown: end every stream (clients reconnect to another replica). */
    close: () => {
      for (const res of streams.open) res.end(event('complete'));
    },
  };
}

/** Resolves when `res` can take more, or will never take more (the client left or was cut off). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  if (res.destroyed || res.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function event(name: 'next' | 'complete', data?: unknown): string {
  return `event: ${name}\ndata: ${data === undefined ? '' : JSON.stringify(data)}\n\n`;
}
