import { Context, createTraceState, isSpanContextValid, ROOT_CONTEXT, SpanContext, trace } from '@opentelemetry/api';

/**
 * The CloudEvents distributed-tracing extension: `traceparent` and `tracestate` in the W3C Trace
 * Context format, whatever propagators the process configured for HTTP (B3, Jaeger …), since the
 * extension names this format.
 */
export const TRACE_EXTENSIONS = { traceparent: 'traceparent', tracestate: 'tracestate' } as const;

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/** The span context a `traceparent` (and `tracestate`) names; undefined when absent or invalid. */
export function parseTraceparent(traceparent: string | undefined, tracestate?: string): SpanContext | undefined {
  const match = traceparent === undefined ? null : TRACEPARENT.exec(traceparent.trim());
  // Version ff is forbidden; a later version may add fields, which the pattern allows.
  if (!match || match[1] === 'ff' || (match[1] === '00' && traceparent!.trim().length !== 55)) return undefined;
  const spanContext: SpanContext = {
    traceId: match[2],
    spanId: match[3],
    traceFlags: parseInt(match[4], 16) & 1,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {}),
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The `traceparent` (and `tracestate`, when there is one) of a span context. */
export function formatTraceparent(spanContext: SpanContext): { traceparent: string; tracestate?: string } {
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  const tracestate = spanContext.traceState?.serialize();
  return { traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`, ...(tracestate ? { tracestate } : {}) };
}

/** A context whose parent is the span an event's extensions name; undefined when they name none. */
export function contextOfExtensions(extensions: Readonly<Record<string, string>> | undefined): Context | undefined {
  const parent = parseTraceparent(extensions?.[TRACE_EXTENSIONS.traceparent], extensions?.[TRACE_EXTENSIONS.tracestate]);
  return parent && trace.setSpanContext(ROOT_CONTEXT, parent);
}
