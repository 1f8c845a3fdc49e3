import { randomUUID } from 'node:crypto';
import { deliverAtHeaders } from '@streamline/kafka';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, getJson, kafka, paid, placed, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { createTopicsReady } from './support/kafkajs-oracle';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

/** Queue habits users bring with them: broadcast, delayed delivery, priority lanes. */
describe('consumer: queue habits', () => {
  const apps: AppProcess[] = [];
  const dbs: Db[] = [];

  async function consumer(env: Record<string, string>): Promise<AppProcess> {
    const db = await createTestDatabase();
    dbs.push(db);
    const app = await startApp('consumer', { KAFKA_BROKERS: testBrokers().join(','), DATABASE_URL: db.url, ...env }, '/health/ready');
    apps.push(app);
    return app;
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(dbs.map((db) => db.drop()));
  });

  it('broadcast: two groups on one topic each see every event', async () => {
    const prefix = `${randomName('bcast')}.`;
    const [billing, shipping] = [randomName('billing'), randomName('shipping')];
    const a = await consumer({ KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: billing });
    const b = await consumer({ KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: shipping });
    const orders = Array.from({ length: 100 }, () => randomUUID());
    await produce(
      `${prefix}orders`,
      orders.map((id, i) => placed(id, i)),
    );
    await Promise.all([drained(billing, [`${prefix}orders`]), drained(shipping, [`${prefix}orders`])]);
    for (const app of [a, b]) expect((await getJson(`${app.url}/orders/stats`)).body.placed).toBe(100);
  });

  it('delayed delivery: an event is handled no earlier than its due time, its key waits behind it, other keys flow', async () => {
    const prefix = `${randomName('delay')}.`;
    const group = randomName('group');
    const app = await consumer({ KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group });
    const [delayed, other] = [randomUUID(), randomUUID()];
    const due = new Date(Date.now() + 3000);
    const later = placed(delayed);
    const delayedPlaced = { ...later, headers: { ...later.headers, ...deliverAtHeaders(due) } };
    const payment = paid(delayed);
    await produce(`${prefix}orders`, [delayedPlaced, payment, placed(other)]);
    await drained(group, [`${prefix}orders`]);

    const d = (await getJson(`${app.url}/orders/${delayed}`)).body;
    const o = (await getJson(`${app.url}/orders/${other}`)).body;
    expect(d.appliedEvents).toEqual([delayedPlaced.id, payment.id]);
    expect(Date.parse(d.updatedAt)).toBeGreaterThanOrEqual(due.getTime());
    expect(Date.parse(o.updatedAt)).toBeLessThan(due.getTime());
  });

  it('priority lanes: the higher lane is handled first while the lower one waits', async () => {
    const prefix = `${randomName('lanes')}.`;
    const group = randomName('group');
    const admin = kafka().admin();
    await admin.connect();
    await createTopicsReady(
      admin,
      [`${prefix}orders`, `${prefix}orders.urgent`].map((topic) => ({ topic, numPartitions: 6 })),
    );
    await admin.disconnect();
    const normal = Array.from({ length: 1500 }, () => randomUUID());
    const urgent = Array.from({ length: 60 }, () => randomUUID());
    await produce(
      `${prefix}orders`,
      normal.map((id, i) => placed(id, i)),
    );
    await produce(
      `${prefix}orders.urgent`,
      urgent.map((id, i) => placed(id, i)),
    );

    const app = await consumer({ KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, CONSUMER_PRIORITY_LANES: 'orders.urgent,orders' });
    await drained(group, [`${prefix}orders.urgent`, `${prefix}orders`]);
    const updatedAt = async (id: string) => Date.parse((await getJson(`${app.url}/orders/${id}`)).body.updatedAt);
    // Read in slices: 1,500 requests at once overflow the service's listen backlog on a busy
    // machine, and the kernel resets the connections it has no room for.
    const inSlices = async (ids: string[]) => {
      const times: number[] = [];
      for (let i = 0; i < ids.length; i += 50) times.push(...(await Promise.all(ids.slice(i, i + 50).map(updatedAt))));
      return times;
    };
    const urgentDone = Math.max(...(await inSlices(urgent)));
    const normalTimes = await inSlices(normal);
    const normalBeforeUrgentDone = normalTimes.filter((t) => t < urgentDone).length;
    // Only what was already running when the urgent lane arrived may finish before it.
    expect(normalBeforeUrgentDone).toBeLessThan(normal.length / 3);
  });
});
