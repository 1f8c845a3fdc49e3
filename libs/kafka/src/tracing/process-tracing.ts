import { context, Context, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { DEAD_LETTER_HEADERS, EventEnvelope } from '@streamline/schemas';
import { RETRY_HEADERS } from '../consumer/retry-headers';
import { ATTR } from './messaging-attributes';
import { failSpan } from './publish-tracing';
import { contextOfExtensions } from './trace-context';
import { tracer, tracingActive } from './tracer';

/** Where a record was read, as the process span names it. */
export interface ReadPosition {
  topic: string;
  partition: number;
  offset: string;
  /** The record's key as text; null for a record without one. */
  key: string | null;
}

/**
 * Runs the handling of one event inside a process span (kind CONSUMER), the child of the span
 * its `traceparent` names (the publish span; a record of a retry tier carries the same one, so
 * every attempt is a child of that publish span), or the root of a new trace. The handler, its
 * database work and its logs run with that span active. Without an SDK, `run` is all it does.
 */
export function traceProcessing<T>(event: EventEnvelope, read: ReadPosition, group: string, attempt: number, run: () => Promise<T>): Promise<T> {
  if (!tracingActive()) return run();
  const parent = contextOfExtensions(event.extensions) ?? ROOT_CONTEXT;
  const span = tracer.startSpan(
    `process ${read.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [ATTR.messagingSystem]: 'kafka',
        [ATTR.operationType]: 'process',
        [ATTR.operationName]: 'process',
        [ATTR.destinationName]: read.topic,
        [ATTR.partitionId]: String(read.partition),
        [ATTR.kafkaPartition]: read.partition,
        [ATTR.kafkaOffset]: Number(read.offset),
        [ATTR.consumerGroup]: group,
        [ATTR.messageId]: event.id,
        [ATTR.eventId]: event.id,
        [ATTR.eventSource]: event.source,
        [ATTR.eventType]: event.type,
        [ATTR.attempt]: attempt,
        ...(read.key !== null ? { [ATTR.kafkaKey]: read.key } : {}),
      },
    },
    parent,
  );
  return runInSpan(span, parent, run);
}

/**
 * Runs one idempotent transaction (the processed id and the handler's effect) inside a span of
 * its own, the child of the active one; the SQL spans of a `pg` instrumentation nest inside it.
 */
export function traceTransaction<T>(database: 'postgres' | 'pglite', events: number, run: () => Promise<T>): Promise<T> {
  if (!tracingActive()) return run();
  const span = tracer.startSpan('idempotent transaction', {
    kind: SpanKind.CLIENT,
    attributes: { [ATTR.dbSystem]: database === 'postgres' ? 'postgresql' : 'pglite', [ATTR.dbOperation]: 'transaction', 'streamline.events': events },
  });
  return runInSpan(span, context.active(), run);
}

/**
 * Notes on the active process span that its record was sent to a retry tier or to the dead
 * letters (read from the record's headers), and marks the span failed.
 */
export function noteRouted(topic: string, headers: Readonly<Record<string, unknown>>): void {
  if (!tracingActive()) return;
  const span = trace.getActiveSpan();
  if (!span) return;
  const retry = headers[RETRY_HEADERS.tier] !== undefined;
  span.addEvent(retry ? 'retry' : 'dead-letter', {
    [ATTR.destinationName]: topic,
    'streamline.reason': String(headers[DEAD_LETTER_HEADERS.reason] ?? ''),
    ...(retry ? { 'streamline.retry_tier': Number(headers[RETRY_HEADERS.tier]) } : {}),
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message: String(headers[DEAD_LETTER_HEADERS.message] ?? '') });
}

function runInSpan<T>(span: Span, parent: Context, run: () => Promise<T>): Promise<T> {
  let running: Promise<T>;
  try {
    running = context.with(trace.setSpan(parent, span), run);
  } catch (error) {
    failSpan(span, error);
    span.end();
    throw error;
  }
  return running.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      failSpan(span, error);
      span.end();
      throw error;
    },
  );
}
