import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { LocalKafka, startLocalKafka } from '@streamline/local-broker';
import { paid } from './support/consumer-fixtures';
import { ShippingService, startShippingService } from './support/exactly-once-process';
import { createTopicsReady } from './support/kafkajs-oracle';
import { runKcat } from './support/kcat-headers';
import { randomName } from './support/random-names';
import { ownBroker, testBrokers, testClient } from './support/test-broker';
import { waitFor } from './support/wait-for';

const ORDERS = 3000;

/** The order.shipped.v1 records on `topic` as kcat (librdkafka, not our client) reads them at `isolation`: order id per record. */
async function shippedOrders(brokers: string, topic: string, isolation: 'read_committed' | 'read_uncommitted'): Promise<string[]> {
  const args = ['-b', brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', `isolation.level=${isolation}`, '-f', '%h\\t%s\\n'];
  return (await runKcat(args))
    .toString()
    .split('\n')
    .filter((line) => line.includes('ce_type=order.shipped.v1'))
    .map((line) => JSON.parse(line.slice(line.indexOf('\t') + 1)).orderId as string);
}

/**
 * Exactly-once consume-transform-produce against a cluster of three: two replicas turn every
 * order.paid.v1 into one order.shipped.v1 with `context.emit`, while one replica is killed with
 * SIGKILL (and started again under its transactional id) and a broker is killed and restarted.
 * kcat reading with read_committed must find exactly one shipment per paid order. Needs the
 * @platformatic/kafka client (KIP-447 fencing); on kafkajs the service refuses to start, in one line.
 */
const onPlatformatic = testClient() === 'platformatic' ? describe : describe.skip;
const onKafkajs = testClient() === 'kafkajs' ? describe : describe.skip;

onKafkajs('exactly-once on kafkajs', () => {
  it('is refused at start, in one line naming the setting to change', async () => {
    const start = startShippingService({
      brokers: testBrokers().join(','),
      topicPrefix: `${randomName('eos')}.`,
      groupId: randomName('shipping'),
      transactionalId: 'eos-refused',
    });
    const error = (await start.then(
      () => undefined,
      (e: Error) => e,
    ))!;
    expect(error).toBeDefined();
    const output = error.message.slice(error.message.indexOf('--- service output ---'));
    expect(output).toMatch(/KAFKA_CLIENT: platformatic for exactly-once mode \(kafkajs' transactions cannot be fenced by the group generation, KIP-447\)/);
  }, 120_000);
});

onPlatformatic('exactly-once consume-transform-produce', () => {
  const prefix = `${randomName('eos')}.`;
  const topic = `${prefix}orders`;
  const group = randomName('shipping');
  let cluster: LocalKafka;
  const services: ShippingService[] = [];

  beforeAll(async () => {
    cluster = await startLocalKafka({ brokers: 3, ...ownBroker('exactly-once', 29460) });
    const admin = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await createTopicsReady(admin, [{ topic, numPartitions: 6, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }]);
    await admin.disconnect();
    // One transaction beforehand, as on any cluster in use: Kafka creates its transaction state topic
    // on the first one, and the services' first transactions would otherwise wait on that.
    const warmUp = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING }).producer({
      transactionalId: `${group}-warm-up`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await warmUp.connect();
    const transaction = await warmUp.transaction();
    await transaction.abort();
    await warmUp.disconnect();
  }, 240_000);
  afterAll(async () => {
    for (const service of services) await service.kill('SIGKILL');
    await cluster?.stop();
  }, 90_000);

  it('emits exactly one output per input across a replica killed with SIGKILL and a broker killed', async () => {
    const orderIds = Array.from({ length: ORDERS }, () => randomUUID());
    const producer = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING }).producer({ idempotent: true });
    await producer.connect();
    for (let i = 0; i < ORDERS; i += 500) {
      const records = orderIds.slice(i, i + 500).map((id) => paid(id));
      await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
    }
    await producer.disconnect();

    const start = (transactionalId: string) => startShippingService({ brokers: cluster.bootstrap, topicPrefix: prefix, groupId: group, transactionalId });
    const [a, b] = await Promise.all([start(`${group}-a`), start(`${group}-b`)]);
    services.push(a, b);
    const handled = () => services.reduce((n, s) => n + s.handled(), 0);

    await waitFor(`${ORDERS / 4} events handled before the kill -9`, () => handled() >= ORDERS / 4, { timeoutMs: 120_000, intervalMs: 100 });
    await a.kill('SIGKILL');
    // Started again under its transactional id: it fences its predecessor and aborts the transaction left open.
    services.push(await start(`${group}-a`));
    await waitFor(`${ORDERS / 2} events handled before the broker's kill`, () => handled() >= ORDERS / 2, { timeoutMs: 120_000, intervalMs: 100 });
    await cluster.killBroker(1, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await cluster.restartBroker(1);

    await waitFor(
      `a shipment for each of the ${ORDERS} paid orders`,
      async () => new Set(await shippedOrders(cluster.bootstrap, topic, 'read_committed')).size >= ORDERS,
      { timeoutMs: 180_000, intervalMs: 2_000 },
    );
    // Whatever is still running (records read again after the kills) has its chance to write twice.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    for (const service of services) await service.kill('SIGTERM');

    const committed = await shippedOrders(cluster.bootstrap, topic, 'read_committed');
    const counts = new Map<string, number>();
    for (const id of committed) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...orderIds].sort());
    // What read_uncommitted sees beyond that was written by transactions that were aborted.
    const uncommitted = await shippedOrders(cluster.bootstrap, topic, 'read_uncommitted');
    process.stdout.write(`exactly-once: ${committed.length} committed shipments, ${uncommitted.length - committed.length} in aborted transactions\n`);
    expect(uncommitted.length).toBeGreaterThanOrEqual(committed.length);
  }, 420_000);
});
