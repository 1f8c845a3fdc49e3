import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * The ids of the active span for a log line: `trace_id`, `span_id` and `trace_flags` (the names
 * the OpenTelemetry log data model gives them), or nothing when no span is active. A new object
 * each time: pino merges the line's own fields into it.
 */
export function traceIdsOfActiveSpan(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!isSpanContextValid({ traceId, spanId, traceFlags })) return {};
  return { trace_id: traceId, span_id: spanId, trace_flags: (traceFlags & 0xff).toString(16).padStart(2, '0') };
}
