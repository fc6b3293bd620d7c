import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';

/**
 * Run `handle` inside a SERVER span continuing the caller's W3C trace (`traceparent`),
 * ended when the response is. Starts from ROOT_CONTEXT so that, when services share a
 * process, nothing ambient leaks in: the parent comes only from the headers.
 * With tracing not installed every call here is a no-op.
 */
export function runInServerSpan(tracer: Tracer, service: string, req: IncomingMessage, res: ServerResponse, handle: () => void): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(
    `${req.method ?? 'GET'} /graphql`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': '/graphql', 'ordergraph.service': service },
    },
    parent,
  );
  if (!span.isRecording()) {
    context.with(trace.setSpan(parent, span), handle);
    return;
  }
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), handle);
}
