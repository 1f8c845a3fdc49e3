import type { fetchV17 } from '@platformatic/kafka';
import { KafkaHeaders } from '@streamline/schemas';
import { FetchedBatch, FetchedRecord } from '../consumer-client';

/** Record-batch attribute bits (Kafka's DefaultRecordBatch). */
const LOG_APPEND_TIME = 0x08;
const CONTROL_BATCH = 0x20;

/**
 * The records of one partition's fetch answer from `fetchOffset` on, as the runtime reads them:
 * control records (transaction markers) left out, records before `fetchOffset` (a compressed
 * batch starts where it starts) left out, headers by name (a repeated name keeps every value).
 * Undefined when the answer covers nothing from `fetchOffset` on.
 */
export function fetchedBatchOf(topic: string, answer: fetchV17.FetchResponsePartition, fetchOffset: bigint): FetchedBatch | undefined {
  const records: FetchedRecord[] = [];
  let lastOffset = -1n;
  for (const batch of answer.records ?? []) {
    const batchLast = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (batchLast < fetchOffset) continue;
    if (batchLast > lastOffset) lastOffset = batchLast;
    if (batch.attributes & CONTROL_BATCH) continue;
    const appendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < fetchOffset) continue;
      records.push({
        offset: offset.toString(),
        key: record.key,
        value: record.value,
        headers: headersOf(record.headers),
        timestamp: (appendTime ? batch.maxTimestamp : batch.firstTimestamp + BigInt(record.timestampDelta)).toString(),
      });
    }
  }
  if (lastOffset < fetchOffset) return undefined;
  return { topic, partition: answer.partitionIndex, records, highWatermark: answer.highWatermark.toString(), lastOffset: lastOffset.toString() };
}

function headersOf(pairs: [Buffer | null, Buffer | null][]): KafkaHeaders {
  const headers: KafkaHeaders = {};
  for (const [rawName, value] of pairs) {
    if (!rawName) continue;
    const name = rawName.toString();
    const present = headers[name];
    const v = value ?? Buffer.alloc(0);
    headers[name] = present === undefined ? v : Array.isArray(present) ? [...present, v] : [present, v];
  }
  return headers;
}
