import { createRequire } from 'node:module';
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import type * as OtelCore from '@opentelemetry/core';
import type * as OtlpHttpExporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTrace from '@opentelemetry/sdk-trace';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace';
import type * as PrismaInstrumentationModule from '@prisma/instrumentation';
import type { TraceSampler } from '@ordergraph/core';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint: string | null;
  /** @default 'parentbased_traceidratio' */
  sampler?: TraceSampler;
  /** @default 1 */
  sampleRatio?: number;
  /** Export here instead (tests: an InMemorySpanExporter), synchronously per span. */
  exporter?: SpanExporter;
}

export interface TracingHandle {
  /** Tracer for our own spans; a no-op when nobody installed tracing. */
  readonly tracer: Tracer;
  /** Whether this call installed the process's tracer provider (and so owns its shutdown). */
  readonly owner: boolean;
  /** Flush and stop exporting; a no-op for non-owners. */
  shutdown(): Promise<void>;
}

export const TRACER_NAME = '@ordergraph/server';

/**
 * @opentelemetry/api ships CommonJS and ESM builds, and Node loads both: @apollo/gateway
 * `require`s it and takes its tracer at import time from the CommonJS copy's proxy
 * provider, while our ESM imports get the other copy. Registering through the CommonJS
 * copy gives that proxy its delegate, and the ESM copy finds the same provider through
 * OTel's process-global registry, so one provider serves both.
 */
const requireCjs = createRequire(import.meta.url);
function cjsTraceApi(): typeof trace {
  return (requireCjs('@opentelemetry/api') as { trace: typeof trace }).trace;
}

/**
 * The tracing SDK, exporter and Prisma instrumentation, loaded only when tracing is on: they
 * add ≈ 18 MB of RSS (≈ 6 MB of heap) to every process, which a process without an OTLP
 * endpoint never uses. `require` (their CommonJS builds) keeps installTracing synchronous.
 */
function loadSdk() {
  return {
    sdk: requireCjs('@opentelemetry/sdk-trace') as typeof SdkTrace,
    exporterHttp: requireCjs('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttpExporter,
    resources: requireCjs('@opentelemetry/resources') as typeof Resources,
    core: requireCjs('@opentelemetry/core') as typeof OtelCore,
    asyncHooks: requireCjs('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks,
    prisma: requireCjs('@prisma/instrumentation') as typeof PrismaInstrumentationModule,
  };
}

function buildSampler(sdk: typeof SdkTrace, kind: TraceSampler, ratio: number): Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = sdk;
  switch (kind) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

/**
 * Install OpenTelemetry tracing for this process: W3C trace context, async context
 * propagation, Prisma spans, and OTLP export. OTel's API keeps one global provider per
 * process, so this is idempotent: the first call with an exporter or endpoint installs it;
 * every other call (other services in the same process) shares it and owns nothing.
 * Without an endpoint nothing is installed and every span is a cheap no-op.
 */
export function installTracing(options: TracingOptions): TracingHandle {
  // Taken after any registration: a tracer taken before it would stay a no-op.
  const notOwner = (): TracingHandle => ({ tracer: trace.getTracer(TRACER_NAME), owner: false, shutdown: async () => undefined });
  if (!options.exporter && !options.otlpEndpoint) return notOwner();
  const { sdk, exporterHttp, resources, core, asyncHooks, prisma: prismaModule } = loadSdk();
  const { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider } = sdk;
  const exporter = options.exporter ?? new exporterHttp.OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` });
  const provider = new TracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': options.serviceName }),
    sampler: buildSampler(sdk, options.sampler ?? 'parentbased_traceidratio', options.sampleRatio ?? 1),
    spanProcessors: [options.exporter ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })],
  });
  const cjsTrace = cjsTraceApi();
  if (!cjsTrace.setGlobalTracerProvider(provider)) {
    void provider.shutdown();
    return notOwner();
  }
  context.setGlobalContextManager(new asyncHooks.AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  // Prisma 7 reads a process-global tracing helper; enable() installs it (idempotent).
  const prisma = new prismaModule.PrismaInstrumentation({ enabled: false });
  prisma.setTracerProvider(provider);
  prisma.enable();
  return {
    tracer: trace.getTracer(TRACER_NAME),
    owner: true,
    shutdown: async () => {
      prisma.disable();
      await provider.forceFlush();
      await provider.shutdown();
      cjsTrace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
