import { CE_HEADERS, headerString } from '@streamline/schemas';
import { FetchedBatch } from '../client/consumer-client';
import { WorkItem } from './partition-worker';
import { ConsumedRecord } from './record-processor';
import { DELIVER_AT_HEADER, parseDueTime, RETRY_HEADERS } from './retry-headers';

/** A fetched record as a partition worker's item: its ordering key and the time it may run. */
export function workItemOf(batch: FetchedBatch, record: FetchedBatch['records'][number]): WorkItem<ConsumedRecord> {
  const dueAt = parseDueTime(headerString(record.headers, RETRY_HEADERS.dueAt) ?? headerString(record.headers, DELIVER_AT_HEADER));
  // Records without a key promise no order; each gets a key of its own.
  const key = record.key !== null ? record.key.toString('utf8') : `\u0000offset:${record.offset}`;
  return { offset: record.offset, key, dueAt, record: { ...record, topic: batch.topic, partition: batch.partition } };
}

/** The batch an item may join: its event type, when that type has a batch handler (of at most `batchSizeOf(type)` events). */
export function batchGroupOf(batchSizeOf: (type: string) => number | undefined) {
  return (item: WorkItem<ConsumedRecord>): { group: string; maxSize: number } | undefined => {
    const type = headerString(item.record.headers, CE_HEADERS.type);
    const maxSize = type === undefined ? undefined : batchSizeOf(type);
    return type === undefined || maxSize === undefined ? undefined : { group: type, maxSize };
  };
}
