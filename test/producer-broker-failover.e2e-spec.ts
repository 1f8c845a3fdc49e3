import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { LocalKafka, startLocalKafka } from '@streamline/local-broker';
import { ownBroker } from './support/test-broker';
import { AppProcess, startApp } from './support/app-process';
import { cloudEvent, dataFor, post } from './support/producer-client';
import { randomName } from './support/random-names';
import { countIds, readTopic } from './support/topic-contents';
import { waitFor } from './support/wait-for';

const WORKERS = 6;
const KEYS_PER_WORKER = 4;

const VICTIM = 0;

/**
 * Three brokers, replication factor 3, min.insync.replicas 2. A stream of events is being
 * published when the broker leading every partition is killed (kill -9). Every event the
 * producer acknowledged must be on the topic exactly once, and per key in the order sent.
 * The topic is laid out so the dead leader's partitions go to different brokers (the even ones
 * to broker 1, the odd ones to broker 2): a request that held records of several partitions must
 * be split after the failover, which one client once failed to do, retrying it forever against
 * one new leader.
 */
describe('producer while a broker of three dies', () => {
  const prefix = `${randomName('failover')}.`;
  const topic = `${prefix}orders`;
  let kafka: LocalKafka;
  let producer: AppProcess;

  beforeAll(async () => {
    kafka = await startLocalKafka({ brokers: 3, ...ownBroker('producer-rf3', 29092) });
    const admin = new Kafka({ brokers: kafka.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const replicaAssignment = Array.from({ length: 6 }, (_, partition) => ({ partition, replicas: partition % 2 ? [VICTIM, 2, 1] : [VICTIM, 1, 2] }));
    await admin.createTopics({ topics: [{ topic, replicaAssignment, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }], waitForLeaders: true });
    await admin.disconnect();
    producer = await startApp('producer', { KAFKA_BROKERS: kafka.bootstrap, KAFKA_TOPIC_PREFIX: prefix, PUBLISH_TIMEOUT_MS: '20000' });
  }, 180_000);
  afterAll(async () => {
    await producer?.stop();
    await kafka?.stop();
  }, 90_000);

  it('keeps every acknowledged event exactly once, in per-key order, across a kill -9 of a leader', async () => {
    const brokers = kafka.bootstrap.split(',');
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0].partitions.every((p) => p.replicas.length === 3)).toBe(true);
    expect(metadata.topics[0].partitions.map((p) => p.leader)).toEqual([VICTIM, VICTIM, VICTIM, VICTIM, VICTIM, VICTIM]);
    const victim = VICTIM;

    /** Per key, the ids acknowledged, in the order they were sent (each worker waits for each answer). */
    const ackedByKey = new Map<string, string[]>();
    const acked = new Set<string>();
    const statuses = new Map<number, number>();
    const answers = new Map<string, string>();
    let killed = false;
    let ackedAfterKill = 0;
    let stop = false;

    const worker = async (w: number) => {
      const keys = Array.from({ length: KEYS_PER_WORKER }, () => randomUUID());
      keys.forEach((k) => ackedByKey.set(k, []));
      for (let seq = 0; !stop; seq++) {
        const key = keys[seq % keys.length];
        const event = cloudEvent('order.placed.v1', dataFor('order.placed.v1', key, seq), `${w}-${seq}-${randomUUID()}`);
        const answer = await post(producer.url, event).catch(() => undefined);
        const status = answer?.status ?? 0;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 202) {
          answers.set(event.id, JSON.stringify(answer!.body));
          ackedByKey.get(key)!.push(event.id);
          acked.add(event.id);
          if (killed) ackedAfterKill++;
        }
      }
    };
    const running = Array.from({ length: WORKERS }, (_, w) => worker(w));

    await waitFor('150 acknowledged events before the kill', () => acked.size >= 150, { timeoutMs: 60_000 });
    await kafka.killBroker(victim, 'SIGKILL');
    killed = true;
    await waitFor('300 acknowledged events after the kill', () => ackedAfterKill >= 300, { timeoutMs: 120_000, intervalMs: 200 });
    stop = true;
    await Promise.all(running);
    const survivors = new Kafka({ brokers: brokers.filter((_, i) => i !== victim), logLevel: logLevel.NOTHING }).admin();
    await survivors.connect();
    const after = await survivors.fetchTopicMetadata({ topics: [topic] });
    await survivors.disconnect();
    // What makes this failover hard: the dead leader's partitions now have two different leaders.
    expect(after.topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId).map((p) => p.leader)).toEqual([1, 2, 1, 2, 1, 2]);

    const stored = await readTopic(
      brokers.filter((_, i) => i !== victim),
      topic,
    );
    const counts = countIds(stored);
    expect(
      [...acked]
        .filter((id) => counts.get(id) !== 1)
        .map(
          (id) =>
            `${id} x${counts.get(id) ?? 0} answered ${answers.get(id)} there: ${stored.find((r) => String(r.partition) === String(JSON.parse(answers.get(id)!).partition) && r.offset === JSON.parse(answers.get(id)!).offset)?.id}`,
        ),
    ).toEqual([]);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    for (const [key, ids] of ackedByKey) {
      const onTopic = stored.filter((r) => r.key === key && acked.has(r.id)).map((r) => r.id);
      expect({ key, order: onTopic }).toEqual({ key, order: ids });
    }
    expect([...statuses.keys()].every((s) => s === 202 || s === 503)).toBe(true);
    process.stdout.write(`failover: victim broker ${victim}, answers ${JSON.stringify(Object.fromEntries(statuses))}, ${acked.size} acknowledged\n`);
  });
});
