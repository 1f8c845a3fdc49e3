import { DEAD_LETTER_HEADERS, DecodeError, StreamlineError } from '@streamline/schemas';
import { IHeaders } from 'kafkajs';

/** The record that failed, as read from Kafka. */
export interface FailedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

/** A record to write to a dead-letter (or retry) topic. */
export interface OutgoingRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** A short, stable reason for a failure: the decode reason, or the error's code. */
export function reasonOf(error: unknown): string {
  if (error instanceof DecodeError) return error.reason;
  if (error instanceof StreamlineError) return error.code;
  return 'handler-failed';
}

/**
 * Builds the dead-letter record: original key, value and headers untouched, plus headers
 * naming the reason, the source position, the group, the attempts and the time.
 * The source position of a record that went through retry tiers is kept from its first read.
 */
export function buildDeadLetter(record: FailedRecord, error: unknown, group: string, attempts: number, now = new Date()): OutgoingRecord {
  const original = { ...(record.headers ?? {}) };
  const firstSource = original[DEAD_LETTER_HEADERS.sourceTopic] !== undefined;
  const message = error instanceof Error ? error.message : String(error);
  const headers: IHeaders = {
    ...original,
    [DEAD_LETTER_HEADERS.reason]: reasonOf(error),
    [DEAD_LETTER_HEADERS.message]: message.slice(0, 4096),
    [DEAD_LETTER_HEADERS.errorName]: error instanceof Error ? error.name : 'Error',
    [DEAD_LETTER_HEADERS.group]: group,
    [DEAD_LETTER_HEADERS.attempts]: String(attempts),
    [DEAD_LETTER_HEADERS.failedAt]: now.toISOString(),
  };
  if (!firstSource) {
    headers[DEAD_LETTER_HEADERS.sourceTopic] = record.topic;
    headers[DEAD_LETTER_HEADERS.sourcePartition] = String(record.partition);
    headers[DEAD_LETTER_HEADERS.sourceOffset] = record.offset;
  }
  return { key: record.key, value: record.value, headers };
}
