import { Client } from 'pg';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, kafka, metricValue, orderStreams, TestRecord } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

const redeliveries = (app: AppProcess) => metricValue(app.url, 'streamline_consumer_events_duplicate_total');
const holdsPartitions = (app: AppProcess) => /assigned \S+orders\[\d/.test(app.output());

/**
 * A rolling deploy: each of three replicas is replaced in turn (the new one joins, then the old
 * one gets SIGTERM) while events keep arriving. A graceful stop and the rebalances around it
 * must leave nothing handled-but-uncommitted behind: the issue seen was 4.7 % of the events
 * redelivered, each leaving member's commit refused with "Specified group generation id is not
 * valid". Every event applied once, in order, counted with SQL; redeliveries counted by every
 * replica's idempotency guard, scraped before it stops.
 */
describe('consumer: a rolling restart of three replicas under a steady stream', () => {
  const prefix = `${randomName('roll')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, DATABASE_URL: db.url };
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
    await db?.drop();
  });

  it('applies every event once, and redelivers only what was running when a partition moved', async () => {
    let live: AppProcess[] = [];
    for (let i = 0; i < 3; i++) live.push(await startApp('consumer', env, '/health/ready'));
    apps.push(...live);

    const { records, idsByOrder } = orderStreams(1200);
    // A steady stream, 20 records every 50 ms, for as long as the restarts take; then the rest.
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let stopWriting = false;
    const send = (part: TestRecord[]) => producer.send({ topic, acks: -1, messages: part.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
    const writer = (async () => {
      let next = 0;
      while (next < records.length) {
        const size = stopWriting ? records.length - next : 20;
        await send(records.slice(next, next + size));
        next += size;
        if (!stopWriting) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    let counted = 0;
    const stops: { code: number | null; ms: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const old = live[0];
      const replacement = await startApp('consumer', env, '/health/ready');
      apps.push(replacement);
      await waitFor('the new replica to hold partitions', () => holdsPartitions(replacement), { timeoutMs: 60_000 });
      counted += await redeliveries(old);
      const signalled = Date.now();
      const code = await old.stop('SIGTERM');
      stops.push({ code, ms: Date.now() - signalled });
      // The graceful path to its end: handlers finished within CONSUMER_SHUTDOWN_TIMEOUT_MS (the
      // runtime says so when they did not), offsets committed, group left.
      expect(old.output()).not.toContain('handlers still running after');
      expect(old.output()).toContain('stopped: handled records committed, left group');
      live = [...live.slice(1), replacement];
    }
    stopWriting = true;
    await writer;
    await producer.disconnect();
    await drained(group, [topic], 180_000);
    for (const app of live) counted += await redeliveries(app);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ order_id: string; applied_events: string[] }>('SELECT order_id, applied_events FROM orders');
      expect(rows).toHaveLength(idsByOrder.size);
      for (const row of rows) expect(row.applied_events).toEqual(idsByOrder.get(row.order_id));
    } finally {
      await client.end();
    }
    process.stdout.write(`rolling restart: ${records.length} events, ${counted} redelivered and skipped, stops ${stops.map((s) => `${s.ms} ms`).join(', ')}\n`);
    // Before the fix 4.7 % came back. What still can: records running on a member at the moment a
    // joining member takes their partition (the eager protocol does not wait for them). The figure
    // on a quiet machine is in the fault suite (docs/faults.md); on a busy one handlers run longer,
    // so more are running at that moment (0.8–1.3 % seen beside other specs): 3 % bounds it here.
    expect(counted).toBeLessThanOrEqual(Math.floor(records.length * 0.03));
    // Nest raises SIGTERM again once it has closed the app, so a graceful stop ends by that signal.
    expect(stops.filter((s) => s.code !== null && s.code !== 0)).toEqual([]);
  }, 600_000);
});
