import { Admin, Kafka } from 'kafkajs';
import { PlatformaticKafkaClient } from '../libs/kafka/src/client/platformatic/platformatic-client';
import { PublishFailedError, UnknownTopicError } from '../libs/kafka/src/errors/kafka.errors';
import { KafkajsClient } from '../libs/kafka/src/client/kafkajs/kafkajs-client';
import { ClusterAdmin } from '../libs/kafka/src/client/cluster-admin';
import { OutgoingRecord, RecordPosition } from '../libs/kafka/src/client/record-sender';
import { createTopicWithKafkajs, oracleKafka, readWithKafkajs } from './support/kafkajs-oracle';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

/** The @platformatic/kafka sender and admin, checked against what kafkajs reads and reports. */
describe('@platformatic/kafka client: sender and admin', () => {
  const client = new PlatformaticKafkaClient({ brokers: testBrokers(), clientId: 'plt-spec' });
  let kafka: Kafka;
  let oracle: Admin;
  let admin: ClusterAdmin;

  beforeAll(async () => {
    kafka = oracleKafka();
    oracle = kafka.admin();
    admin = client.admin();
    await Promise.all([oracle.connect(), admin.connect()]);
  });
  afterAll(async () => {
    await Promise.all([oracle.disconnect(), admin.disconnect()]);
  });

  it('writes exactly the records sent, with their keys and headers, to the partitions given, at the offsets it reports', async () => {
    const topic = randomName('plt-send');
    await createTopicWithKafkajs(oracle, topic, 3);
    const sender = client.sender({ requestTimeoutMs: 10_000, compression: 'none' });
    await sender.connect();
    expect(sender.connected).toBe(true);
    const recordOf = (i: number): OutgoingRecord => ({
      topic,
      partition: i % 3,
      key: i % 5 === 0 ? null : `key-${i}`,
      value: `value-${i}`,
      headers: { 'ce-id': `id-${i}`, 'x-bytes': Buffer.from([i, 0, 255]) },
    });
    const first = Array.from({ length: 30 }, (_, i) => recordOf(i));
    const second = Array.from({ length: 6 }, (_, i) => recordOf(30 + i));
    const outcomes = [...(await sender.send(first)), ...(await sender.send(second))];
    await sender.disconnect(5_000);

    const positions = outcomes as RecordPosition[];
    expect(outcomes.filter((o) => o instanceof Error)).toEqual([]);
    const read = await readWithKafkajs(kafka, topic, 36);
    expect(read).toHaveLength(36);
    const sent = [...first, ...second];
    for (const [i, position] of positions.entries()) {
      const found = read.find((r) => r.partition === position.partition && r.offset === position.offset)!;
      expect(position.partition).toBe(sent[i].partition);
      expect(found.value).toBe(sent[i].value);
      expect(found.key).toBe(sent[i].key);
      expect(found.headers['ce-id'].toString()).toBe(`id-${i}`);
      expect([...found.headers['x-bytes']]).toEqual([i, 0, 255]);
    }
    // Offsets within a partition follow the order sent, across both calls, without gaps.
    for (const partition of [0, 1, 2]) {
      const offsets = positions.filter((p) => p.partition === partition).map((p) => Number(p.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
  });

  it('refuses records for a partition the topic does not have, writing the others and nothing elsewhere', async () => {
    const topic = randomName('plt-send-bad');
    await createTopicWithKafkajs(oracle, topic, 2);
    const sender = client.sender({ requestTimeoutMs: 5_000, compression: 'gzip' });
    const outcomes = await sender.send([
      { topic, partition: 1, key: 'k', value: 'kept', headers: {} },
      { topic, partition: 5, key: 'k', value: 'refused', headers: {} },
    ]);
    await sender.disconnect(5_000);
    expect(outcomes[0]).toEqual({ topic, partition: 1, offset: '0' });
    expect(outcomes[1]).toBeInstanceOf(PublishFailedError);
    expect((await readWithKafkajs(kafka, topic, 1)).map((r) => [r.partition, r.value])).toEqual([[1, 'kept']]);
    expect((await oracle.fetchTopicOffsets(topic)).map((o) => o.high).sort()).toEqual(['0', '1']);
  });

  it('creates the topics that are missing, with their configs, and reports them as kafkajs does', async () => {
    const [a, b] = [randomName('plt-admin'), randomName('plt-admin')];
    const created = await admin.createTopics([
      { name: a, partitions: 3, configs: { 'retention.ms': '3600000' } },
      { name: b, partitions: 2 },
    ]);
    expect(created.sort()).toEqual([a, b].sort());
    expect(await admin.createTopics([{ name: a, partitions: 3 }])).toEqual([]);

    expect(await admin.listTopics()).toEqual(expect.arrayContaining([a, b]));
    const described = await admin.describeTopics([a, b]);
    const metadata = await oracle.fetchTopicMetadata({ topics: [a, b] });
    for (const topic of described) {
      const expected = metadata.topics.find((t) => t.name === topic.name)!.partitions.sort((x, y) => x.partitionId - y.partitionId);
      expect(topic.partitions.map((p) => [p.partition, p.leader, p.replicas, p.isr])).toEqual(
        expected.map((p) => [p.partitionId, p.leader, p.replicas, p.isr]),
      );
    }
    await expect(admin.describeTopics([randomName('plt-missing')])).rejects.toThrow();

    const configs = await admin.topicConfigs([a]);
    const oracleConfigs = await oracle.describeConfigs({ resources: [{ type: 2, name: a }], includeSynonyms: false });
    expect(configs.get(a)?.['retention.ms']).toBe('3600000');
    for (const entry of oracleConfigs.resources[0].configEntries) expect(configs.get(a)?.[entry.configName]).toBe(entry.configValue ?? '');
  });

  it('rejects describing a topic the cluster does not know with UnknownTopicError, on both clients, and describes one it knows', async () => {
    const known = randomName('known');
    await createTopicWithKafkajs(oracle, known, 2);
    const kafkajsAdmin = new KafkajsClient({ brokers: testBrokers(), clientId: 'plt-spec-kafkajs' }).admin();
    try {
      for (const each of [admin, kafkajsAdmin]) {
        const missing = randomName('missing');
        await expect(each.describeTopics([missing])).rejects.toThrow(UnknownTopicError);
        await expect(each.describeTopics([missing])).rejects.toThrow(`the cluster does not know topic ${missing} (UNKNOWN_TOPIC_OR_PARTITION)`);
        expect((await each.describeTopics([known]))[0].partitions).toHaveLength(2);
      }
    } finally {
      await kafkajsAdmin.disconnect();
    }
  }, 120_000);

  it('reports the cluster, offsets and offsets at a time as kafkajs does', async () => {
    const topic = randomName('plt-offsets');
    await admin.createTopics([{ name: topic, partitions: 2 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [1000, 2000, 3000].map((t) => ({ partition: 0, value: `at-${t}`, timestamp: String(t) })) });
    await producer.disconnect();

    const cluster = await admin.describeCluster();
    const oracleCluster = await oracle.describeCluster();
    expect(cluster.clusterId).toBe(oracleCluster.clusterId);
    expect(cluster.controller).toBe(oracleCluster.controller);
    expect(cluster.brokers.map((b) => [b.nodeId, b.port])).toEqual(oracleCluster.brokers.map((b) => [b.nodeId, b.port]).sort());

    expect(await admin.topicOffsets(topic)).toEqual(
      (await oracle.fetchTopicOffsets(topic)).sort((x, y) => x.partition - y.partition).map((o) => ({ partition: o.partition, low: o.low, high: o.high })),
    );
    const atTime = await admin.offsetsAtTime(topic, 1500);
    expect(atTime).toEqual([
      { partition: 0, offset: '1' },
      { partition: 1, offset: '0' },
    ]);
    expect(await admin.offsetsAtTime(topic, 9000)).toEqual([
      { partition: 0, offset: '3' },
      { partition: 1, offset: '0' },
    ]);
  });

  it("sets, reads, describes and deletes a group's committed offsets as kafkajs reports them", async () => {
    const topic = randomName('plt-group');
    const groupId = randomName('plt-group');
    await admin.createTopics([{ name: topic, partitions: 3 }]);
    await admin.setGroupOffsets(groupId, topic, [
      { partition: 0, offset: '0' },
      { partition: 2, offset: '0' },
    ]);
    expect((await admin.groupOffsets(groupId, [topic]))[0].partitions.map((o) => [o.partition, o.offset])).toEqual([
      [0, '0'],
      [1, '-1'],
      [2, '0'],
    ]);
    const [oracleOffsets] = await oracle.fetchOffsets({ groupId, topics: [topic] });
    expect(oracleOffsets.partitions.sort((x, y) => x.partition - y.partition).map((p) => p.offset)).toEqual(['0', '-1', '0']);

    const [described] = await admin.describeGroups([groupId]);
    const { groups } = await oracle.describeGroups([groupId]);
    expect(described).toMatchObject({ groupId, state: groups[0].state, members: [] });

    await admin.deleteGroups([groupId]);
    expect((await oracle.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
  });
});
