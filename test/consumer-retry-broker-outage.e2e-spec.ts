import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { LocalKafka, startLocalKafka } from '@streamline/local-broker';
import { ownBroker } from './support/test-broker';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, paid, placed, recordsOn, TestRecord } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { waitFor } from './support/wait-for';

/**
 * The consumer's own producer (retry tiers, dead letters) gave up after kafkajs' 5 retries,
 * logging "Limiting retries for the idempotent producer may invalidate EoS guarantees": an
 * unknown-outcome send given up lets the next records reuse its sequence numbers, which the
 * broker then drops as duplicates while acknowledging them. The only broker dies while a failed
 * event is being routed to its retry tier, and stays down far longer than those retries last:
 * the routing never counts as done (the record stays uncommitted), the process stays up, and
 * once the broker is back the event is applied once (read again, or from its retry tier) and
 * nothing is dead-lettered.
 */
describe('consumer: the broker dies while a failure is routed to its retry tier', () => {
  const prefix = `${randomName('rtout')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let kafka: LocalKafka;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let consumer: AppProcess | undefined;
  let locker: Client | undefined;

  beforeAll(async () => {
    kafka = await startLocalKafka(ownBroker('consumer-retry-outage', 29199));
    db = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await locker?.end().catch(() => undefined);
    await consumer?.stop('SIGKILL');
    await kafka?.stop();
    await db?.drop();
  }, 60_000);

  const client = () => new Kafka({ brokers: kafka.bootstrap.split(','), clientId: 'retry-outage-spec', logLevel: logLevel.NOTHING });
  async function produce(records: TestRecord[]): Promise<void> {
    const producer = client().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
    await producer.disconnect();
  }

  it('stays up with no retry limit, and applies the event once with nothing dead-lettered once the broker is back', async () => {
    consumer = await startApp(
      'consumer',
      {
        KAFKA_BROKERS: kafka.bootstrap,
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: group,
        DATABASE_URL: db.url,
        DATABASE_LOCK_TIMEOUT_MS: '3000',
        CONSUMER_RETRY_DELAYS_MS: '1000',
      },
      '/health/ready',
    );
    const app = consumer;
    const orderId = randomUUID();
    const payment = paid(orderId);
    await produce([placed(orderId, 0)]);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      await waitFor('the order in the read model', async () => (await sql.query('SELECT 1 FROM orders WHERE order_id = $1', [orderId])).rowCount === 1, {
        timeoutMs: 60_000,
      });

      // The payment's handler waits on a row lock, then fails (lock timeout: retriable) while the broker is down.
      locker = new Client({ connectionString: db.url });
      locker.on('error', () => undefined);
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [orderId]);
      await produce([payment]);
      await waitFor(
        'the handler to wait on the lock',
        async () => {
          const { rows } = await sql.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
          return rows[0].n > 0;
        },
        { timeoutMs: 60_000 },
      );
      await kafka.killBroker(0, 'SIGKILL');
      // The lock is held until the handler gave up on it: its failure is routed with no broker.
      await waitFor(
        'the handler to fail on the lock timeout',
        async () => {
          const { rows } = await sql.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
          return rows[0].n === 0;
        },
        { timeoutMs: 60_000 },
      );
      await locker.query('ROLLBACK');
      await locker.end();
      locker = undefined;
      // kafkajs' 5 retries for a client last about 4 s; the broker stays away for much longer.
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      expect(app.process.exitCode).toBeNull();
      await kafka.restartBroker(0);

      await waitFor(
        'the payment applied',
        async () => {
          const { rows } = await sql.query<{ applied_events: string[] }>('SELECT applied_events FROM orders WHERE order_id = $1', [orderId]);
          return rows[0]?.applied_events.length === 2;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      const { rows } = await sql.query<{ applied_events: string[] }>('SELECT applied_events FROM orders WHERE order_id = $1', [orderId]);
      expect(rows[0].applied_events[1]).toBe(payment.id);
    } finally {
      await sql.end();
    }
    expect(await recordsOn(`${topic}.${group}.dlq`, client())).toBe(0);
    expect(app.output()).not.toMatch(/Limiting retries for the idempotent producer/);
  }, 300_000);
});
