import { KafkaHeaders } from '@streamline/schemas';

/**
 * Headers of request/reply. A request is an ordinary event record with the first four; its
 * reply carries the correlation id, the requester's id and the status.
 */
export const REQUEST_HEADERS = {
  replyTopic: 'streamline_reply_topic',
  replyPartition: 'streamline_reply_partition',
  /** Id of the requester instance waiting for the reply. */
  replyTo: 'streamline_reply_to',
  correlationId: 'streamline_correlation_id',
  /** `ok` (the value is the handler's result as JSON) or `error` (the value is a RemoteFailure). */
  status: 'streamline_reply_status',
} as const;

/** Where the reply to a request goes, read from the request record's headers. */
export interface ReplyAddress {
  topic: string;
  partition: number;
  replyTo: string;
  correlationId: string;
}

/** The failure a replier reports for a request that ended in dead letters. */
export interface RemoteFailure {
  /** The failure's reason, as in the dead-letter headers (`handler-failed`, `illegal-state`, a decode reason…). */
  reason: string;
  message: string;
  /** Error class name on the replier's side. */
  errorName: string;
  /** Handler attempts made (0 when the record could not be decoded). */
  attempts: number;
}

/** A reply as read by the requester. */
export type Reply =
  { correlationId: string; replyTo: string; status: 'ok'; data: unknown } | { correlationId: string; replyTo: string; status: 'error'; failure: RemoteFailure };

function text(value: KafkaHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** The headers that make an event a request. */
export function requestHeaders(address: ReplyAddress): Record<string, string> {
  return {
    [REQUEST_HEADERS.replyTopic]: address.topic,
    [REQUEST_HEADERS.replyPartition]: String(address.partition),
    [REQUEST_HEADERS.replyTo]: address.replyTo,
    [REQUEST_HEADERS.correlationId]: address.correlationId,
  };
}

/** The reply address of a record, or undefined when it is not a request (or its headers are incomplete). */
export function replyAddressOf(headers: KafkaHeaders | undefined): ReplyAddress | undefined {
  if (!headers) return undefined;
  const topic = text(headers[REQUEST_HEADERS.replyTopic]);
  const partition = Number(text(headers[REQUEST_HEADERS.replyPartition]));
  const replyTo = text(headers[REQUEST_HEADERS.replyTo]);
  const correlationId = text(headers[REQUEST_HEADERS.correlationId]);
  if (!topic || !replyTo || !correlationId || !Number.isInteger(partition) || partition < 0) return undefined;
  return { topic, partition, replyTo, correlationId };
}

/** Reads a reply record; undefined when it is not one. A value that is not JSON is a failure of its own. */
export function parseReply(headers: KafkaHeaders, value: Buffer | null): Reply | undefined {
  const correlationId = text(headers[REQUEST_HEADERS.correlationId]);
  const replyTo = text(headers[REQUEST_HEADERS.replyTo]);
  const status = text(headers[REQUEST_HEADERS.status]);
  if (!correlationId || !replyTo || (status !== 'ok' && status !== 'error')) return undefined;
  let parsed: unknown;
  try {
    parsed = value === null || value.length === 0 ? undefined : JSON.parse(value.toString('utf8'));
  } catch (error) {
    const failure = { reason: 'invalid-reply', message: `the reply is not JSON: ${String(error)}`, errorName: 'SyntaxError', attempts: 0 };
    return { correlationId, replyTo, status: 'error', failure };
  }
  if (status === 'ok') return { correlationId, replyTo, status, data: parsed };
  const f = (parsed ?? {}) as Partial<RemoteFailure>;
  const failure: RemoteFailure = {
    reason: String(f.reason ?? 'handler-failed'),
    message: String(f.message ?? 'the handler failed'),
    errorName: String(f.errorName ?? 'Error'),
    attempts: Number(f.attempts ?? 0),
  };
  return { correlationId, replyTo, status, failure };
}
