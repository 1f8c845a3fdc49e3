import { Admin, AssignerProtocol, Kafka } from 'kafkajs';
import { ConsumerClient, ConsumerSettings } from '../libs/kafka/src/client/consumer-client';
import { PlatformaticKafkaClient } from '../libs/kafka/src/client/platformatic/platformatic-client';
import { createTopicWithKafkajs, oracleKafka } from './support/kafkajs-oracle';
import { randomName } from './support/random-names';
import { RecordingListener } from './support/recording-listener';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** The @platformatic/kafka consumer in real groups, with kafkajs producing and reporting. */
describe('@platformatic/kafka client: consumer', () => {
  const client = new PlatformaticKafkaClient({ brokers: testBrokers(), clientId: 'plt-consumer-spec' });
  const running: ConsumerClient[] = [];
  let kafka: Kafka;
  let oracle: Admin;

  beforeAll(async () => {
    kafka = oracleKafka();
    oracle = kafka.admin();
    await oracle.connect();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.disconnect()));
  });
  afterAll(async () => {
    await oracle.disconnect();
  });

  async function topicWith(partitions: number, recordsPerPartition: number): Promise<string> {
    const topic = randomName('plt-c');
    await createTopicWithKafkajs(oracle, topic, partitions);
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: partitions * recordsPerPartition }, (_, i) => ({ partition: i % partitions, key: `k${i}`, value: `${topic}-${i}` }));
    await producer.send({ topic, messages });
    await producer.disconnect();
    return topic;
  }

  async function member(topics: string[], settings: Partial<ConsumerSettings> & { groupId: string }, listener = new RecordingListener()) {
    const consumer = client.consumer({ partitionsConsumedConcurrently: 2, ...settings });
    running.push(consumer);
    await consumer.connect();
    await consumer.subscribe(topics, true);
    await consumer.run(listener);
    return { consumer, listener };
  }

  const valuesOf = (topic: string, partitions: number, perPartition: number) =>
    Array.from({ length: partitions * perPartition }, (_, i) => `${topic}-${i}`).sort();
  const takenValues = (...listeners: RecordingListener[]) => [...new Set(listeners.flatMap((l) => [...l.taken.values()]))].sort();

  async function coPartitionedGroupOfTwo(groupProtocol: 'classic' | 'consumer') {
    const [a, b] = [await topicWith(3, 4), await topicWith(3, 4)];
    const groupId = randomName('plt-copart');
    const first = await member([a, b], { groupId, coPartitioned: true, groupProtocol });
    const second = await member([a, b], { groupId, coPartitioned: true, groupProtocol });
    const split = () => [first, second].every((m) => m.listener.partitionsOf(a).length > 0);
    await waitFor('both members assigned', () => split() && first.listener.partitionsOf(a).length + second.listener.partitionsOf(a).length === 3, {
      timeoutMs: 60_000,
    });
    for (const m of [first, second]) expect(m.listener.partitionsOf(b)).toEqual(m.listener.partitionsOf(a));
    await waitFor('every record taken', () => takenValues(first.listener, second.listener).length === 24);
    expect(takenValues(first.listener, second.listener)).toEqual([...valuesOf(a, 3, 4), ...valuesOf(b, 3, 4)].sort());
    return { a, b, groupId, first, second };
  }

  it('gives partition i of both topics to one member of a co-partitioned classic group of two, as kafkajs reports the group', async () => {
    const { a, b, groupId, first, second } = await coPartitionedGroupOfTwo('classic');
    const { groups } = await oracle.describeGroups([groupId]);
    expect(groups[0].protocol).toBe('StreamlineCoPartitionAssigner');
    const reported = groups[0].members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)!.assignment);
    for (const assignment of reported) expect([...(assignment[b] ?? [])].sort()).toEqual([...(assignment[a] ?? [])].sort());
    const ours = [first, second].map((m) => m.listener.partitionsOf(a)).sort();
    expect(reported.map((r) => [...(r[a] ?? [])].sort((x, y) => x - y)).sort()).toEqual(ours);
  });

  it('co-partitions a KIP-848 group of two with the broker-side range assignor', async () => {
    const { a, groupId, first, second } = await coPartitionedGroupOfTwo('consumer');
    const admin = client.admin();
    const [described] = await admin.describeGroups([groupId]).finally(() => admin.disconnect());
    expect(described.state).toBe('Stable');
    expect(described.members).toHaveLength(2);
    const reported = described.members.map((m) => [...(m.assignment.find((t) => t.topic === a)?.partitions ?? [])].sort()).sort();
    expect(reported).toEqual([first, second].map((m) => m.listener.partitionsOf(a)).sort());
  });

  it('joins with static membership: the broker names each member after its instance id', async () => {
    const topic = await topicWith(2, 3);
    const groupId = randomName('plt-static');
    const one = await member([topic], { groupId, groupInstanceId: `${groupId}-a` });
    const two = await member([topic], { groupId, groupInstanceId: `${groupId}-b` });
    await waitFor('both members assigned', () => one.listener.partitionsOf(topic).length === 1 && two.listener.partitionsOf(topic).length === 1, {
      timeoutMs: 60_000,
    });
    const { groups } = await oracle.describeGroups([groupId]);
    expect(groups[0].members.map((m) => m.memberId.slice(0, groupId.length + 2)).sort()).toEqual([`${groupId}-a`, `${groupId}-b`]);
    await waitFor('every record taken', () => takenValues(one.listener, two.listener).length === 6);
  });

  it('tells a member of a rebalance when a second one joins, then hands it the smaller assignment', async () => {
    const topic = await topicWith(2, 1);
    const groupId = randomName('plt-rebalance');
    const first = await member([topic], { groupId });
    await waitFor('first member owns both partitions', () => first.listener.partitionsOf(topic).length === 2);
    const second = await member([topic], { groupId });
    await waitFor('the partitions split', () => first.listener.partitionsOf(topic).length === 1 && second.listener.partitionsOf(topic).length === 1, {
      timeoutMs: 60_000,
    });
    expect(first.listener.events.slice(0, 3)).toEqual(['assigned', 'rebalancing', 'assigned']);
  });

  it('fetches again the records a batch did not take, and nothing of a paused partition until it is resumed', async () => {
    const topic = await topicWith(1, 10);
    const { consumer, listener } = await member([topic], { groupId: randomName('plt-pause') });
    listener.take = (batch) => {
      if (listener.batches.length > 1) return batch.records.length;
      consumer.pause([{ topic, partitions: [0] }]);
      return 3;
    };
    await waitFor('first batch', () => listener.batches.length === 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: `${topic}-10` }] });
    await producer.disconnect();
    await waitFor('the new record on the broker', async () => (await oracle.fetchTopicOffsets(topic))[0].high === '11');
    // Several fetch rounds (100 ms each) pass while the partition is paused.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(listener.batches).toHaveLength(1);
    consumer.resume([{ topic, partitions: [0] }]);
    await waitFor('all 11 records taken', () => listener.taken.size === 11);
    expect(listener.batches[1].records[0].offset).toBe('3');
    expect(listener.offsetsOf(topic, 0).slice(listener.batches[0].records.length)).toEqual(Array.from({ length: 8 }, (_, i) => String(i + 3)));
  });

  it('reads on after the committed offset when a member of the group starts again, as kafkajs reports the commit', async () => {
    const topic = await topicWith(1, 10);
    const groupId = randomName('plt-commit');
    const first = await member([topic], { groupId });
    await waitFor('all taken', () => first.listener.taken.size === 10);
    await first.consumer.commit([{ topic, partition: 0, offset: '6' }]);
    await first.consumer.disconnect();
    running.splice(running.indexOf(first.consumer), 1);
    const [committed] = await oracle.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions[0].offset).toBe('6');

    const again = await member([topic], { groupId });
    await waitFor('the rest taken', () => again.listener.taken.size === 4);
    expect(again.listener.offsetsOf(topic, 0)).toEqual(['6', '7', '8', '9']);
  });

  it('reads a partition again from the offset it is sought to', async () => {
    const topic = await topicWith(1, 10);
    const { consumer, listener } = await member([topic], { groupId: randomName('plt-seek') });
    await waitFor('all taken', () => listener.taken.size === 10);
    const before = listener.offsetsOf(topic, 0).length;
    consumer.seek(topic, 0, '4');
    await waitFor('read again from 4', () => listener.offsetsOf(topic, 0).length === before + 6);
    expect(listener.offsetsOf(topic, 0).slice(before)).toEqual(['4', '5', '6', '7', '8', '9']);
  });
});
