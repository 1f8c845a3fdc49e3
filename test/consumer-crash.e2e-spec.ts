import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, getJson, metricValue, orderStreams, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

type Store = { env: Record<string, string>; cleanup(): Promise<void> };

const stores: [string, () => Promise<Store>][] = [
  [
    'PostgreSQL',
    async () => {
      const db = await createTestDatabase();
      return { env: { DATABASE_URL: db.url }, cleanup: db.drop };
    },
  ],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'streamline-pglite-'));
      return { env: { PGLITE_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];

/** kill -9 in the middle of a stream, start again: every event applied, none twice. */
describe.each(stores)('consumer: killed with SIGKILL mid-stream (%s)', (_name, openStore) => {
  const prefix = `${randomName('crash')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let store: Store;
  let env: Record<string, string>;
  let consumer: AppProcess | undefined;

  beforeAll(async () => {
    store = await openStore();
    // A 10 s session: the restarted process's join waits that long for the killed member to be
    // declared dead (30 s by default), which is time the spec only spends waiting.
    env = {
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: group,
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      CONSUMER_KEY_CONCURRENCY: '8',
      ...store.env,
    };
  });
  afterAll(async () => {
    await consumer?.stop('SIGKILL');
    await store?.cleanup();
  });

  it('holds exactly the events sent after a restart, none applied twice', async () => {
    consumer = await startApp('consumer', env, '/health/ready');
    const { records, idsByOrder } = orderStreams(2000);
    // A third of the stream is on the topic before the kill, the rest is written after it, so the
    // kill always lands mid-stream however fast the consumer keeps up on a busy machine.
    const split = Math.floor(records.length / 3);
    await produce(topic, records.slice(0, split), 200);
    const first = consumer;
    await waitFor(
      'the consumer to be in the middle of the stream',
      async () => (await metricValue(first.url, 'streamline_consumer_events_handled_total')) >= 300,
      {
        timeoutMs: 90_000,
        intervalMs: 20,
      },
    );
    const handledBeforeKill = await metricValue(first.url, 'streamline_consumer_events_handled_total');
    await first.stop('SIGKILL');
    await produce(topic, records.slice(split), 200);
    expect(handledBeforeKill).toBeLessThanOrEqual(split);

    consumer = await startApp('consumer', env, '/health/ready');
    await drained(group, [topic], 180_000);
    for (const [orderId, ids] of idsByOrder) {
      const { status, body } = await getJson(`${consumer.url}/orders/${orderId}`);
      expect(status).toBe(200);
      expect(body.appliedEvents).toEqual(ids);
    }
    expect((await getJson(`${consumer.url}/orders/stats`)).body).toEqual({ placed: 0, paid: 0, shipped: 2000, cancelled: 0, total: 2000 });
    // The restarted process applied only what the killed one had not.
    expect(await metricValue(consumer.url, 'streamline_consumer_events_handled_total')).toBeLessThanOrEqual(records.length - handledBeforeKill);
  }, 300_000);
});
