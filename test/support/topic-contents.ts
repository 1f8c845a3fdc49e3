import { Kafka, logLevel } from 'kafkajs';
import { randomName } from './random-names';
import { waitFor } from './wait-for';

/** A record as it sits on a topic, with its CloudEvents identity. */
export interface StoredRecord {
  partition: number;
  offset: string;
  key: string;
  id: string;
  source: string;
  type: string;
  value: string;
}

const header = (value: unknown) => (value === undefined ? '' : String(value));

/**
 * Everything on `topic` right now: reads every partition from the beginning up to the high
 * watermark fetched first, with a throw-away consumer group. Sorted by partition, then offset.
 */
export async function readTopic(brokers: string[], topic: string): Promise<StoredRecord[]> {
  const kafka = new Kafka({ brokers, clientId: 'topic-reader', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const records: StoredRecord[] = [];
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([partition]) => partition));
  if (remaining.size === 0) return records;

  const consumer = kafka.consumer({ groupId: randomName('reader'), allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const offset = BigInt(message.offset);
        if (offset >= ends.get(partition)!) return;
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          id: header(message.headers?.ce_id),
          source: header(message.headers?.ce_source),
          type: header(message.headers?.ce_type),
          value: message.value?.toString() ?? '',
        });
        if (offset === ends.get(partition)! - 1n) remaining.delete(partition);
      },
    });
    await waitFor(`every record of ${topic} up to the high watermarks`, () => remaining.size === 0, { timeoutMs: 60_000 });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** How often each id occurs. */
export function countIds(records: StoredRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  return counts;
}
