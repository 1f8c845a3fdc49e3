import { randomUUID } from 'node:crypto';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, getJson, kafka, paid, placed, produce, shipped, TestRecord } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

/** Per-key order while partitions and keys within a partition are handled concurrently. */
describe('consumer: per-key order under concurrency', () => {
  const prefix = `${randomName('order')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let consumer: AppProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    consumer = await startApp(
      'consumer',
      {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: group,
        DATABASE_URL: db.url,
        CONSUMER_KEY_CONCURRENCY: '16',
        CONSUMER_MAX_IN_FLIGHT: '200',
      },
      '/health/ready',
    );
  });
  afterAll(async () => {
    await consumer?.stop();
    await db?.drop();
  });

  it('applies every order’s events in the order they were published, over many keys and all partitions', async () => {
    const orders = Array.from({ length: 300 }, () => randomUUID());
    const expected = new Map<string, string[]>(orders.map((id) => [id, []]));
    const records: TestRecord[] = [];
    // Each order: placed, placed again (corrected), paid, shipped; orders interleave, so every
    // partition holds many keys whose events alternate with each other.
    const steps = [(id: string, i: number) => placed(id, i), (id: string, i: number) => placed(id, i + 1), paid, shipped];
    for (const step of steps) {
      orders.forEach((orderId, i) => {
        const record = step(orderId, i);
        records.push(record);
        expected.get(orderId)!.push(record.id);
      });
    }
    await produce(topic, records);
    await drained(group, [topic]);

    const partitions = new Set<number>();
    for (const [orderId, ids] of expected) {
      const { status, body } = await getJson(`${consumer.url}/orders/${orderId}`);
      expect(status).toBe(200);
      expect(body.status).toBe('shipped');
      expect(body.appliedEvents).toEqual(ids);
    }
    const admin = kafka().admin();
    await admin.connect();
    for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.high) > 0) partitions.add(p.partition);
    const deadLetters = await admin.fetchTopicOffsets(`${topic}.${group}.dlq`);
    await admin.disconnect();
    expect(partitions.size).toBe(6);
    expect(deadLetters.reduce((sum, p) => sum + Number(p.high), 0)).toBe(0);
    expect((await getJson(`${consumer.url}/orders/stats`)).body).toEqual({ placed: 0, paid: 0, shipped: 300, cancelled: 0, total: 300 });
  });
});
