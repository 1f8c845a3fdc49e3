import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, paid, placed, produce, recordsOn } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/**
 * The orders table locked from outside while payments arrive: every handler waits for the lock
 * on one of the pool's connections until its lock timeout, and fails retriably. Routing those
 * failures (parking the key, then the retry record) must not wait behind the blocked handlers
 * for a connection: the issue seen was failures routed only once the lock was gone.
 */
describe('consumer: a table locked while events arrive', () => {
  const prefix = `${randomName('hot')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let consumer: AppProcess | undefined;
  let locker: Client | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await locker?.end().catch(() => undefined);
    await consumer?.stop('SIGKILL');
    await db?.drop();
  });

  it('routes lock timeouts to the retry tier while the lock is still held, then applies every event once', async () => {
    consumer = await startApp(
      'consumer',
      {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: group,
        DATABASE_URL: db.url,
        DATABASE_LOCK_TIMEOUT_MS: '500',
        CONSUMER_RETRY_DELAYS_MS: '3000,6000,12000',
      },
      '/health/ready',
    );
    const orderIds = Array.from({ length: 60 }, () => randomUUID());
    await produce(
      topic,
      orderIds.map((id, i) => placed(id, i)),
    );
    await drained(group, [topic]);

    locker = new Client({ connectionString: db.url });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
    const payments = orderIds.map((id) => paid(id));
    await produce(topic, payments);
    // More handlers wait on the lock at once than the pool has connections (10).
    await waitFor('failures routed to the first retry tier while the table is locked', async () => (await recordsOn(`${topic}.${group}.retry.1`)) > 0, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await locker.query('ROLLBACK');
    await locker.end();
    locker = undefined;

    await drained(group, [topic, `${topic}.${group}.retry.1`, `${topic}.${group}.retry.2`, `${topic}.${group}.retry.3`], 180_000);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ order_id: string; applied_events: string[] }>('SELECT order_id, applied_events FROM orders');
      const paidIds = new Map<string, string>(orderIds.map((id, i) => [id, payments[i].id]));
      expect(rows).toHaveLength(orderIds.length);
      for (const row of rows) {
        expect(row.applied_events).toHaveLength(2);
        expect(row.applied_events[1]).toBe(paidIds.get(row.order_id));
      }
    } finally {
      await client.end();
    }
    expect(await recordsOn(`${topic}.${group}.dlq`)).toBe(0);
  }, 300_000);
});
