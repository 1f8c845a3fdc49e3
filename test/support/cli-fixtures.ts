import { randomUUID } from 'node:crypto';
import { Consumer, IHeaders, Kafka, logLevel, Producer } from 'kafkajs';
import { createEnvelope, encodeEnvelope } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { orderPlacedData } from './orders';
import { randomName } from './random-names';
import { testBrokers } from './test-broker';
import { waitFor } from './wait-for';

/** A kafkajs client for arranging and checking what the command line did. */
export function testKafka(): Kafka {
  return new Kafka({ brokers: testBrokers(), clientId: 'cli-spec', logLevel: logLevel.NOTHING });
}

/** A record to write, with the timestamp Kafka should keep for it. */
export interface TimedRecord {
  partition: number;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: number;
}

/** `order.placed.v1` records as the producer writes them, with chosen partitions and timestamps. */
export function placedRecords(count: number, partitions: number, firstTimestamp: number, stepMs = 10): TimedRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const record = encodeEnvelope(
      orderRegistry,
      createEnvelope(orderRegistry, { type: 'order.placed.v1', source: '/cli-spec', data: orderPlacedData(randomUUID(), i) }),
    );
    return { partition: i % partitions, key: record.key, value: record.value, headers: record.headers, timestamp: firstTimestamp + i * stepMs };
  });
}

/** Writes records with their timestamps and partitions, in order, acks=all. */
export async function writeRecords(kafka: Kafka, topic: string, records: TimedRecord[]): Promise<void> {
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: records.map((r) => ({ partition: r.partition, key: r.key, value: r.value, headers: r.headers, timestamp: String(r.timestamp) })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** A record a group member handled. */
export interface Handled {
  partition: number;
  offset: string;
  key: string;
  headers: IHeaders;
}

/** A member of a consumer group that records what it handles and commits after each record. */
export interface RecordingConsumer {
  clientId: string;
  handled: Handled[];
  stop(): Promise<void>;
}

export async function startRecordingConsumer(kafka: Kafka, groupId: string, topic: string): Promise<RecordingConsumer> {
  const clientId = randomName('member');
  const client = new Kafka({ brokers: testBrokers(), clientId, logLevel: logLevel.NOTHING });
  const consumer: Consumer = client.consumer({ groupId, allowAutoTopicCreation: false });
  const handled: Handled[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      handled.push({ partition, offset: message.offset, key: message.key?.toString() ?? '', headers: message.headers ?? {} });
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  await waitFor(`${clientId} to join ${groupId}`, () => joined);
  return { clientId, handled, stop: () => consumer.disconnect() };
}

/** A record as stored, with every header as a string. */
export interface StoredRecordWithHeaders {
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Everything on `topic` now, read with a throw-away group; sorted by partition, then offset. */
export async function readAll(kafka: Kafka, topic: string): Promise<StoredRecordWithHeaders[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const records: StoredRecordWithHeaders[] = [];
  const total = [...ends.values()].reduce((sum, high) => sum + Number(high), 0);
  if (total === 0) return records;
  const consumer = kafka.consumer({ groupId: randomName('reader'), allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) >= ends.get(partition)!) return;
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        records.push({ partition, offset: message.offset, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers });
      },
    });
    await waitFor(`all ${total} records of ${topic}`, () => records.length >= total);
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
