import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, getJson, metricValue, orderStreams, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

const handled = (app: AppProcess) => metricValue(app.url, 'streamline_consumer_events_handled_total');

/** Replicas share the partitions; members join and leave during a stream; nothing lost, nothing applied twice. */
describe('consumer: one group, members joining and leaving', () => {
  const prefix = `${randomName('grp')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, DATABASE_URL: db.url, CONSUMER_KEY_CONCURRENCY: '4' };
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
    await db?.drop();
  });

  it('spreads partitions over two members, rebalances when a third joins and one leaves, and applies every event once', async () => {
    const first = await startApp('consumer', env, '/health/ready');
    apps.push(first);
    const second = await startApp('consumer', env, '/health/ready');
    apps.push(second);
    await waitFor(
      'both members to hold partitions',
      () => /assigned \S+orders\[\d/.test(second.output()) && /assigned \S+orders\[\d/.test(lastAssignment(first)),
    );

    const { records, idsByOrder } = orderStreams(1500);
    // The stream is written in three parts around the membership changes, so each change lands
    // mid-stream however fast the members keep up.
    const part = Math.floor(records.length / 3);
    await produce(topic, records.slice(0, part), 100);
    await waitFor('the stream to be under way', async () => (await handled(first)) + (await handled(second)) >= 500, { intervalMs: 50, timeoutMs: 60_000 });
    const third = await startApp('consumer', env, '/health/ready');
    apps.push(third);
    await waitFor('the third member to hold partitions', () => /assigned \S+orders\[\d/.test(third.output()), { timeoutMs: 60_000 });
    await produce(topic, records.slice(part, 2 * part), 100);
    await waitFor('the third member to handle part of the stream', async () => (await handled(third)) > 0, { intervalMs: 50, timeoutMs: 90_000 });
    await first.stop('SIGTERM');
    await produce(topic, records.slice(2 * part), 100);

    await drained(group, [topic], 180_000);
    expect(await handled(third)).toBeGreaterThan(0);
    for (const [orderId, ids] of idsByOrder) {
      const { body } = await getJson(`${second.url}/orders/${orderId}`);
      expect(body.appliedEvents).toEqual(ids);
    }
    expect((await getJson(`${third.url}/orders/stats`)).body).toEqual({ placed: 0, paid: 0, shipped: 1500, cancelled: 0, total: 1500 });
  });
});

function lastAssignment(app: AppProcess): string {
  const lines = app
    .output()
    .split('\n')
    .filter((l) => l.includes('"assigned '));
  return lines[lines.length - 1] ?? '';
}
