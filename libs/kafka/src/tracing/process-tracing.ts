import { context, Context, Link, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { DEAD_LETTER_HEADERS, EventEnvelope } from '@streamline/schemas';
import { RETRY_HEADERS } from '../consumer/retry-headers';
import { ATTR } from './messaging-attributes';
import { failSpan } from './publish-tracing';
import { contextOfExtensions, parseTraceparent } from './trace-context';
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
        ...recordAttributes(read, group),
        [ATTR.messageId]: event.id,
        [ATTR.eventId]: event.id,
        [ATTR.eventSource]: event.source,
        [ATTR.eventType]: event.type,
        [ATTR.attempt]: attempt,
      },
    },
    parent,
  );
  return runInSpan(span, parent, run);
}

/**
 * Runs the handling of a batch (one partition, one event type) inside one process span, as the
 * messaging conventions describe batch processing: a root span of its own, linked to each
 * event's publish span (a batch has no single parent), with the batch's size. Retries and dead
 * letters of its events are events on it, as for a single record.
 */
export function traceBatchProcessing<T>(
  events: EventEnvelope[],
  read: { topic: string; partition: number },
  group: string,
  attempt: number,
  run: () => Promise<T>,
): Promise<T> {
  if (!tracingActive()) return run();
  const links: Link[] = events.flatMap((event) => {
    const linked = contextOfExtensions(event.extensions);
    const spanContext = linked && trace.getSpanContext(linked);
    return spanContext ? [{ context: spanContext }] : [];
  });
  const span = tracer.startSpan(
    `process ${read.topic}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        ...readAttributes(read, group),
        [ATTR.batchCount]: events.length,
        [ATTR.eventType]: events[0]?.type ?? '',
        [ATTR.attempt]: attempt,
      },
    },
    ROOT_CONTEXT,
  );
  return runInSpan(span, ROOT_CONTEXT, run);
}

/**
 * Runs the dead-lettering of a record that could not be decoded inside a process span: the child
 * of the span its `ce_traceparent` header names, when it carries one it can be read from, so a
 * publisher sees that its record ended in the dead letters and why.
 */
export function traceUndecodable<T>(read: ReadPosition, group: string, traceparent: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!tracingActive()) return run();
  const parentSpan = parseTraceparent(traceparent);
  const parent = parentSpan ? trace.setSpanContext(ROOT_CONTEXT, parentSpan) : ROOT_CONTEXT;
  const span = tracer.startSpan(
    `process ${read.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: recordAttributes(read, group),
    },
    parent,
  );
  return runInSpan(span, parent, run);
}

/** The messaging attributes of one record read: its partition's, its offset and key. */
function recordAttributes(read: ReadPosition, group: string) {
  return { ...readAttributes(read, group), [ATTR.kafkaOffset]: Number(read.offset), ...(read.key !== null ? { [ATTR.kafkaKey]: read.key } : {}) };
}

/** The messaging attributes of a partition read by a group. */
function readAttributes(read: { topic: string; partition: number }, group: string) {
  return {
    [ATTR.messagingSystem]: 'kafka',
    [ATTR.operationType]: 'process',
    [ATTR.operationName]: 'process',
    [ATTR.destinationName]: read.topic,
    [ATTR.partitionId]: String(read.partition),
    [ATTR.kafkaPartition]: read.partition,
    [ATTR.consumerGroup]: group,
  };
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
