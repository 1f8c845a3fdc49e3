import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEAD_LETTER_HEADERS } from '@streamline/schemas';
import { RETRY_HEADERS } from '@streamline/kafka';
import { AppProcess, startApp } from './support/app-process';
import { createTestDatabase, drained, getJson, metricValue, paid, placed, produce, readTopic, shipped } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** Holds a row lock on an order from outside the service, so its handler fails for real (lock timeout, retriable). */
async function lockOrder(url: string, orderId: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // the database is dropped at the end of the spec
  await client.connect();
  await client.query('BEGIN');
  const { rowCount } = await client.query('SELECT 1 FROM orders WHERE order_id = $1 FOR UPDATE', [orderId]);
  if (rowCount !== 1) throw new Error(`order ${orderId} is not in the read model`);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** A retriable handler failure goes through the delay tiers without holding up its partition. */
describe('consumer: retry tiers and dead letters', () => {
  const prefix = `${randomName('retry')}.`;
  const group = randomName('group');
  const topic = `${prefix}orders`;
  // Long enough that the recovering order's lock is released before its retry is due, whatever the
  // machine's load (the failing order's three attempts still end within seconds).
  const delays = [2000, 4000];
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
        CONSUMER_RETRY_DELAYS_MS: delays.join(','),
        DATABASE_LOCK_TIMEOUT_MS: '100',
      },
      '/health/ready',
    );
  });
  afterAll(async () => {
    await consumer?.stop();
    await db?.drop();
  });

  it('retries after each delay, dead-letters after the last tier, keeps the key’s later events behind it, and lets the partition flow', async () => {
    const failing = randomUUID(); // locked throughout: ends in dead letters
    const recovering = randomUUID(); // locked until its first retry: recovers
    const others = Array.from({ length: 40 }, () => randomUUID());
    const all = [failing, recovering, ...others];
    await produce(
      topic,
      all.map((id, i) => placed(id, i)),
    );
    await drained(group, [topic]);

    const failingLock = await lockOrder(db.url, failing);
    const recoveringLock = await lockOrder(db.url, recovering);
    const failingEvents = [paid(failing), shipped(failing)];
    const recoveringEvents = [paid(recovering), shipped(recovering)];
    await produce(topic, [...failingEvents, ...recoveringEvents, ...others.flatMap((id) => [paid(id), shipped(id)])]);

    // Both payments fail on their first attempt and wait in tier 1. Read until both keys are there
    // (a rebalance on a loaded machine can redeliver a source record, and its retry is then written
    // again: the same event, which the idempotency guard applies once), then let the recovering
    // order go at once, well before its retry is due.
    const firstTier = await readTopic(`${topic}.${group}.retry.1`, (records) => [failing, recovering].every((key) => records.some((r) => r.key === key)));
    await recoveringLock.release();
    expect([...new Set(firstTier.map((r) => r.key))].sort()).toEqual([failing, recovering].sort());
    for (const [key, event] of [
      [failing, failingEvents[0]],
      [recovering, recoveringEvents[0]],
    ] as const)
      expect(new Set(firstTier.filter((r) => r.key === key).map((r) => r.headers.ce_id))).toEqual(new Set([event.id]));

    // Every other order, including those sharing a partition with the failing one, moves on while
    // its lock is still held.
    const source = await readTopic(topic, all.length * 3);
    const partitionOf = new Map(source.map((r) => [r.key!, r.partition]));
    expect(others.some((id) => partitionOf.get(id) === partitionOf.get(failing))).toBe(true);
    for (const id of others) {
      await waitFor(`order ${id} shipped`, async () => (await getJson(`${consumer.url}/orders/${id}`)).body.status === 'shipped');
    }

    const recovered = await waitFor('the recovering order to be shipped', async () => {
      const { body } = await getJson(`${consumer.url}/orders/${recovering}`);
      return body.status === 'shipped' ? body : undefined;
    });
    // Its shipment waited behind the retried payment instead of overtaking it.
    expect(recovered.appliedEvents.slice(1)).toEqual(recoveringEvents.map((r) => r.id));

    const dead = await readTopic(`${topic}.${group}.dlq`, 1);
    await failingLock.release();
    const secondTier = (await readTopic(`${topic}.${group}.retry.2`, (records) => records.some((r) => r.key === failing))).filter((r) => r.key === failing);
    const firstFailing = firstTier.find((r) => r.key === failing)!;
    const [payment] = dead;
    expect(payment.headers.ce_id).toBe(failingEvents[0].id);
    expect(payment.headers[DEAD_LETTER_HEADERS.reason]).toBe('handler-failed');
    expect(payment.headers[DEAD_LETTER_HEADERS.attempts]).toBe('3');
    expect(payment.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(topic);
    expect(payment.headers[RETRY_HEADERS.dueAt]).toBeUndefined();
    expect(payment.value).toBe(failingEvents[0].value.toString());
    // Each attempt ran no earlier than its tier's delay after the previous failure.
    const failedAt = (r: { headers: Record<string, string> }) => Date.parse(r.headers[DEAD_LETTER_HEADERS.failedAt]);
    expect(Number(firstFailing.headers[RETRY_HEADERS.dueAt])).toBe(failedAt(firstFailing) + delays[0]);
    expect(failedAt(secondTier[0])).toBeGreaterThanOrEqual(Number(firstFailing.headers[RETRY_HEADERS.dueAt]));
    expect(failedAt(payment)).toBeGreaterThanOrEqual(Number(secondTier[0].headers[RETRY_HEADERS.dueAt]));

    // The parked shipment runs after the payment was dead-lettered (afterDeadLetter=continue):
    // with no payment it is an illegal transition, dead-lettered in its turn.
    const [, shipment] = await readTopic(`${topic}.${group}.dlq`, 2);
    expect(shipment.headers.ce_id).toBe(failingEvents[1].id);
    expect(shipment.headers[DEAD_LETTER_HEADERS.reason]).toBe('illegal-state');
    expect((await getJson(`${consumer.url}/orders/${failing}`)).body.status).toBe('placed');
    expect(await metricValue(consumer.url, 'streamline_consumer_events_retried_total')).toBeGreaterThanOrEqual(3);
  });
});
