import { Client } from 'pg';
import { AppProcess, startApp } from './support/app-process';
import { committedOffsets, createTestDatabase, drained, getJson, metricValue, orderStreams, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** SIGTERM while handling: what was handled is committed, and nothing is handled twice after a restart. */
describe('consumer: graceful shutdown during work', () => {
  const prefix = `${randomName('term')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  let consumer: AppProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, DATABASE_URL: db.url, CONSUMER_KEY_CONCURRENCY: '8' };
  });
  afterAll(async () => {
    await consumer?.stop('SIGKILL');
    await db?.drop();
  });

  it('commits exactly what it handled before leaving, and the next process takes over without repeating any of it', async () => {
    consumer = await startApp('consumer', env, '/health/ready');
    const { records, idsByOrder } = orderStreams(2000);
    await produce(topic, records);
    const first = consumer;
    await waitFor('handling under way', async () => (await metricValue(first.url, 'streamline_consumer_events_handled_total')) >= 300, { intervalMs: 20 });
    await first.stop('SIGTERM');
    expect(first.output()).toContain('stopped: handled records committed, left group');
    expect(first.output()).not.toContain('handlers still running');

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM streamline_processed_events WHERE consumer_group = $1', [group]);
    await client.end();
    const handled = rows[0].n as number;
    const committed = (await committedOffsets(group, topic)).partitions.reduce((sum, p) => sum + Number(p.committed ?? 0), 0);
    expect(handled).toBeGreaterThan(0);
    expect(handled).toBeLessThan(records.length);
    expect(committed).toBe(handled);

    consumer = await startApp('consumer', env, '/health/ready');
    await drained(group, [topic], 120_000);
    expect(await metricValue(consumer.url, 'streamline_consumer_events_duplicate_total')).toBe(0);
    expect(await metricValue(consumer.url, 'streamline_consumer_events_handled_total')).toBe(records.length - handled);
    for (const [orderId, ids] of idsByOrder) expect((await getJson(`${consumer.url}/orders/${orderId}`)).body.appliedEvents).toEqual(ids);
  });
});
