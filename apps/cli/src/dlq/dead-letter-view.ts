import { CE_HEADERS, DEAD_LETTER_HEADERS, headerString } from '@streamline/schemas';
import { ReadRecord } from '../kafka/record-reader';
import { UsageError } from '../errors/cli.errors';

/** A dead-letter record's story, from the headers the consumer runtime added. */
export interface DeadLetterView {
  partition: number;
  offset: string;
  key: string | null;
  type: string | null;
  reason: string;
  message: string | null;
  errorName: string | null;
  sourceTopic: string | null;
  sourcePartition: number | null;
  sourceOffset: string | null;
  group: string | null;
  attempts: number | null;
  failedAt: string | null;
}

export function viewDeadLetter(record: ReadRecord): DeadLetterView {
  const h = (name: string) => headerString(record.headers, name) ?? null;
  const partition = h(DEAD_LETTER_HEADERS.sourcePartition);
  const attempts = h(DEAD_LETTER_HEADERS.attempts);
  return {
    partition: record.partition,
    offset: record.offset,
    key: record.key?.toString('utf8') ?? null,
    type: h(CE_HEADERS.type),
    reason: h(DEAD_LETTER_HEADERS.reason) ?? 'unknown',
    message: h(DEAD_LETTER_HEADERS.message),
    errorName: h(DEAD_LETTER_HEADERS.errorName),
    sourceTopic: h(DEAD_LETTER_HEADERS.sourceTopic),
    sourcePartition: partition !== null && /^\d+$/.test(partition) ? Number(partition) : null,
    sourceOffset: h(DEAD_LETTER_HEADERS.sourceOffset),
    group: h(DEAD_LETTER_HEADERS.group),
    attempts: attempts !== null && /^\d+$/.test(attempts) ? Number(attempts) : null,
    failedAt: h(DEAD_LETTER_HEADERS.failedAt),
  };
}

/** Filters of show and redrive: by reason, by event type and by position `partition@offset` (each list may be absent). */
export function matchesDeadLetter(view: DeadLetterView, filters: { reason?: string[]; type?: string[]; at?: string[] }): boolean {
  return (
    (!filters.reason || filters.reason.includes(view.reason)) &&
    (!filters.type || filters.type.includes(view.type ?? '-')) &&
    (!filters.at || filters.at.includes(`${view.partition}@${view.offset}`))
  );
}

/** `--at` values: dead letters picked one by one by their position in the dead-letter topic. */
export function parsePositions(value: string, previous: string[] | undefined): string[] {
  const positions = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = positions.filter((p) => !/^\d+@\d+$/.test(p));
  if (bad.length > 0 || positions.length === 0) {
    throw new UsageError(`--at must be positions partition@offset, e.g. 0@12,3@7, got "${value}"`);
  }
  // Offsets as Kafka prints them: no leading zeros, so "0@012" picks what "0@12" picks.
  return [...(previous ?? []), ...positions.map((p) => p.replace(/(^|@)0+(?=\d)/g, '$1'))];
}
