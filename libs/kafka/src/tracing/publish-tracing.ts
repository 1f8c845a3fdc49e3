import { context, isSpanContextValid, Link, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CE_HEADER_PREFIX, EncodedRecord, EventEnvelope } from '@streamline/schemas';
import { PublishResult } from '../producer/publish-result';
import { ATTR } from './messaging-attributes';
import { contextOfExtensions, formatTraceparent, TRACE_EXTENSIONS } from './trace-context';
import { tracer, tracingActive } from './tracer';

/** An event on its way to Kafka: its envelope and the record made of it. */
interface Publishing {
  envelope: EventEnvelope;
  record: EncodedRecord;
}

const TRACEPARENT_HEADER = CE_HEADER_PREFIX + TRACE_EXTENSIONS.traceparent;
const TRACESTATE_HEADER = CE_HEADER_PREFIX + TRACE_EXTENSIONS.tracestate;

/**
 * Starts one publish span (kind PRODUCER) per event and writes its context on the event's
 * record as the CloudEvents `traceparent` (and `tracestate`), so the consumer's span becomes its
 * child. An event that carries a `traceparent` of its own stays in that trace: the span's parent
 * is the one it names (linked to the request's span when that is another trace). Any other event
 * is a child of the active span (the HTTP request), or starts a trace. Undefined, at no cost,
 * when no SDK is registered: the records then keep what the events carried.
 */
export function startPublishSpans(items: readonly Publishing[]): Span[] | undefined {
  if (!tracingActive()) return undefined;
  const active = context.active();
  const request = trace.getSpanContext(active);
  return items.map(({ envelope, record }) => {
    const own = contextOfExtensions(envelope.extensions);
    const ownTraceId = own && trace.getSpanContext(own)?.traceId;
    const links: Link[] = own && request && isSpanContextValid(request) && request.traceId !== ownTraceId ? [{ context: request }] : [];
    const span = tracer.startSpan(
      `publish ${record.topic}`,
      {
        kind: SpanKind.PRODUCER,
        links,
        attributes: {
          [ATTR.messagingSystem]: 'kafka',
          [ATTR.operationType]: 'send',
          [ATTR.operationName]: 'publish',
          [ATTR.destinationName]: record.topic,
          [ATTR.kafkaKey]: record.key,
          [ATTR.messageId]: envelope.id,
          [ATTR.eventId]: envelope.id,
          [ATTR.eventSource]: envelope.source,
          [ATTR.eventType]: envelope.type,
        },
      },
      own ?? active,
    );
    const { traceparent, tracestate } = formatTraceparent(span.spanContext());
    record.headers[TRACEPARENT_HEADER] = traceparent;
    if (tracestate !== undefined) record.headers[TRACESTATE_HEADER] = tracestate;
    else delete record.headers[TRACESTATE_HEADER];
    return span;
  });
}

/** Ends each publish span with its event's outcome: the partition and offset, or the error. */
export function endPublishSpans(spans: readonly Span[] | undefined, outcomes: readonly Promise<PublishResult>[]): void {
  if (!spans) return;
  outcomes.forEach((outcome, i) => {
    const span = spans[i];
    outcome.then(
      (result) => {
        span.setAttributes({
          [ATTR.partitionId]: String(result.partition),
          [ATTR.kafkaPartition]: result.partition,
          [ATTR.kafkaOffset]: Number(result.offset),
          ...(result.duplicate ? { [ATTR.duplicate]: true } : {}),
        });
        span.end();
      },
      (error: unknown) => {
        failSpan(span, error);
        span.end();
      },
    );
  });
}

/** Marks a span failed by `error`: status ERROR with its message, and the exception event. */
export function failSpan(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
