import { Admin, IHeaders, ITopicConfig, Kafka, logLevel } from 'kafkajs';
import { randomName } from './random-names';
import { testBrokers } from './test-broker';
import { waitFor } from './wait-for';

/** One record as kafkajs (the independent client) reads it back. */
export interface OracleRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, Buffer>;
  timestamp: string;
}

/** kafkajs, as the client that is not under test. */
export function oracleKafka(): Kafka {
  return new Kafka({ clientId: 'oracle', brokers: testBrokers(), logLevel: logLevel.NOTHING });
}

/** Every record of `topic` as kafkajs reads it, once `count` have arrived, sorted by partition and offset. */
export async function readWithKafkajs(kafka: Kafka, topic: string, count: number): Promise<OracleRecord[]> {
  const consumer = kafka.consumer({ groupId: randomName('oracle') });
  const seen: OracleRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: Object.fromEntries(Object.entries(message.headers ?? ({} as IHeaders)).map(([k, v]) => [k, Buffer.from(v as Buffer)])),
          timestamp: message.timestamp,
        });
      },
    });
    await waitFor(`${count} records on ${topic}`, () => seen.length >= count);
  } finally {
    await consumer.disconnect();
  }
  return seen.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/**
 * Creates `topics` with kafkajs and waits until every partition of each has a leader. kafkajs'
 * `waitForLeaders` gives up at the first "does not host this topic-partition" a busy broker
 * answers while a new topic propagates; this keeps asking. Creating an existing topic is a no-op.
 */
export async function createTopicsReady(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  await waitFor(`leaders of ${names.join(', ')}`, async () => {
    const metadata = await admin.fetchTopicMetadata({ topics: names });
    return metadata.topics.length === names.length && metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
  });
}

/** Creates `topic` with kafkajs, once its partitions have leaders (see `createTopicsReady`). */
export async function createTopicWithKafkajs(admin: Admin, topic: string, numPartitions: number): Promise<void> {
  await createTopicsReady(admin, [{ topic, numPartitions }]);
}
