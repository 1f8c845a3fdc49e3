import { DEAD_LETTER_HEADERS, DecodeError, KafkaHeaders, StreamlineError } from '@streamline/schemas';
import { OutgoingRecord } from '../client/record-sender';
import { ParkedBehindDeadLetterError } from '../errors/kafka.errors';
import { RETRY_HEADERS } from './retry-headers';

/** A retry or dead-letter record before its topic is set; without a partition it goes to the failed record's partition number. */
export type RecordDraft = Omit<OutgoingRecord, 'topic' | 'partition'> & { partition?: number };

/** The record that failed, as read from Kafka. */
export interface FailedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: KafkaHeaders;
}

/** A short, stable reason for a failure: the decode reason, or the error's code. */
export function reasonOf(error: unknown): string {
  if (error instanceof DecodeError || error instanceof ParkedBehindDeadLetterError) return error.reason;
  if (error instanceof StreamlineError) return error.code;
  return 'handler-failed';
}

/** The original headers without the ones Streamline adds on the way, which are set afresh. */
function originalHeaders(headers: KafkaHeaders | undefined): RecordDraft['headers'] {
  const result: RecordDraft['headers'] = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || name === RETRY_HEADERS.dueAt || name === RETRY_HEADERS.tier) continue;
    result[name] = value;
  }
  return result;
}

/** Failure headers: reason, message, group, attempts, time; the source position of the first read is kept. */
function failureHeaders(record: FailedRecord, error: unknown, group: string, attempts: number, now: Date): RecordDraft['headers'] {
  const headers = originalHeaders(record.headers);
  const message = error instanceof Error ? error.message : String(error);
  Object.assign(headers, {
    [DEAD_LETTER_HEADERS.reason]: reasonOf(error),
    [DEAD_LETTER_HEADERS.message]: message.slice(0, 4096),
    [DEAD_LETTER_HEADERS.errorName]: error instanceof Error ? error.name : 'Error',
    [DEAD_LETTER_HEADERS.group]: group,
    [DEAD_LETTER_HEADERS.attempts]: String(attempts),
    [DEAD_LETTER_HEADERS.failedAt]: now.toISOString(),
  });
  if (headers[DEAD_LETTER_HEADERS.sourceTopic] === undefined) {
    headers[DEAD_LETTER_HEADERS.sourceTopic] = record.topic;
    headers[DEAD_LETTER_HEADERS.sourcePartition] = String(record.partition);
    headers[DEAD_LETTER_HEADERS.sourceOffset] = record.offset;
  }
  return headers;
}

/**
 * Builds the dead-letter record: original key, value and headers untouched, plus headers
 * naming the reason, the source position, the group, the attempts and the time.
 * A record that went through retry tiers keeps the source position of its first read.
 */
export function buildDeadLetter(record: FailedRecord, error: unknown, group: string, attempts: number, now = new Date()): RecordDraft {
  return { key: record.key, value: record.value, headers: failureHeaders(record, error, group, attempts, now) };
}

/**
 * Builds the record for retry tier `tier`: like a dead letter, plus the tier and the due time,
 * written to the source partition's number so the member owning that partition reads it.
 */
export function buildRetryRecord(
  record: FailedRecord,
  error: unknown,
  group: string,
  attempts: number,
  retry: { tier: number; dueAt: number; partition: number },
  now = new Date(),
): RecordDraft {
  const headers = failureHeaders(record, error, group, attempts, now);
  headers[RETRY_HEADERS.tier] = String(retry.tier);
  headers[RETRY_HEADERS.dueAt] = String(retry.dueAt);
  return { key: record.key, value: record.value, headers, partition: retry.partition };
}
