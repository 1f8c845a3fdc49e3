import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';
import { createTopicsReady } from './support/kafkajs-oracle';

/** The pinned Kafka version and kafkajs 2.2.4 work together for everything Streamline uses. */
describe('kafkajs against the pinned Kafka broker', () => {
  const kafka = new Kafka({ clientId: 'compat', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const topic = randomName('compat');
  const group = randomName('compat-group');

  beforeAll(async () => {
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('creates a topic and reports its partitions', async () => {
    await createTopicsReady(admin, [{ topic, numPartitions: 3 }]);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(3);
  });

  it('produces idempotently with acks=all, consumes in a group with manual commits, and fetches committed offsets', async () => {
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 5}`, value: `v${i}` }));
    await producer.send({ topic, acks: -1, messages });

    const consumer = kafka.consumer({ groupId: group });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        seen.push(message.value!.toString());
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    await waitFor('all 30 records consumed', () => seen.length === 30);
    await consumer.disconnect();

    expect(new Set(seen)).toEqual(new Set(messages.map((m) => m.value)));
    const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const endOffsets = await admin.fetchTopicOffsets(topic);
    const committedTotal = committed[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    const endTotal = endOffsets.reduce((sum, p) => sum + Number(p.high), 0);
    expect(committedTotal).toBe(30);
    expect(endTotal).toBe(30);
  });
});
