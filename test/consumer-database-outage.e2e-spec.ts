import { Client } from 'pg';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, getJson, orderStreams, produce, recordsOn } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs SQL as the administrator, on the maintenance database (never the one under test). */
async function asAdmin(sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Ends every session of `database` but this one, as an administrator or a failover does. */
function terminateSessions(database: string): Promise<void> {
  return asAdmin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
}

/**
 * PostgreSQL ends the consumer's sessions (restart, failover, pg_terminate_backend) and then
 * refuses connections for longer than every retry delay together. The consumer must stay up,
 * say it is not ready, hold its events, and apply each exactly once when the database is back,
 * with nothing dead-lettered. Counted with SQL on the database, not through the service.
 */
describe('consumer: PostgreSQL terminates its sessions and refuses connections', () => {
  const prefix = `${randomName('dbout')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let db: { url: string; drop(): Promise<void> };
  let database: string;
  let consumer: AppProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    database = new URL(db.url).pathname.slice(1);
  });
  afterAll(async () => {
    await consumer?.stop('SIGKILL');
    await asAdmin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await db?.drop();
  });

  it('survives, reports the database down, and applies every event once when it returns, none dead-lettered', async () => {
    consumer = await startApp(
      'consumer',
      // Retry delays far shorter than the outage: an outage spent in retry tiers would end in dead letters.
      { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, DATABASE_URL: db.url, CONSUMER_RETRY_DELAYS_MS: '200,400' },
      '/health/ready',
    );
    const app = consumer;
    const { records, idsByOrder } = orderStreams(400);
    const half = Math.floor(records.length / 2);
    await produce(topic, records.slice(0, half), 100);

    // Sessions ended while events are being handled: the crash seen was an unhandled 'error' on a checked-out client.
    for (let round = 0; round < 5; round++) {
      await terminateSessions(database);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Then the database refuses connections while the rest of the stream arrives.
    await asAdmin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await terminateSessions(database);
    await produce(topic, records.slice(half), 100);
    await waitFor(
      'readiness to report the database down',
      async () => {
        if (app.process.exitCode !== null) throw new Error(`the consumer exited (${app.process.exitCode}):\n${app.output()}`);
        const { status, body } = await getJson(`${app.url}/health/ready`);
        return status === 503 && body?.details?.database?.status === 'down';
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    // Longer than both retry delays together, several times over.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(app.process.exitCode).toBeNull();
    await asAdmin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);

    await drained(group, [topic], 120_000);
    await waitFor('readiness again', async () => (await getJson(`${app.url}/health/ready`)).status === 200, { timeoutMs: 30_000 });
    expect(app.process.exitCode).toBeNull();

    // The oracle: the database itself.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const processed = await client.query('SELECT count(*)::int AS n FROM streamline_processed_events WHERE consumer_group = $1', [group]);
      expect(processed.rows[0].n).toBe(records.length);
      const { rows } = await client.query<{ order_id: string; applied_events: string[] }>('SELECT order_id, applied_events FROM orders');
      expect(rows).toHaveLength(idsByOrder.size);
      // Each order's events applied once each, in the order sent.
      for (const row of rows) expect(row.applied_events).toEqual(idsByOrder.get(row.order_id));
    } finally {
      await client.end();
    }
    expect(await recordsOn(`${topic}.${group}.dlq`)).toBe(0);
  });
});
