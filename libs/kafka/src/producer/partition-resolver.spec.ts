import { ClusterAdmin, TopicInfo } from '../client/cluster-admin';
import { isUnknownTopic, PartitionResolver } from './partition-resolver';

const layout: TopicInfo = {
  name: 'orders',
  partitions: [0, 1, 2].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1] })),
};

/** An admin whose describeTopics answers with each given outcome in turn (the last one repeats). */
function adminAnswering(...outcomes: (TopicInfo | Error)[]): { admin: ClusterAdmin; calls: () => number } {
  let calls = 0;
  const admin = {
    describeTopics: async () => {
      const outcome = outcomes[Math.min(calls++, outcomes.length - 1)];
      if (outcome instanceof Error) throw outcome;
      return [outcome];
    },
  } as unknown as ClusterAdmin;
  return { admin, calls: () => calls };
}

const unknownTopic = () => Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });

describe('PartitionResolver', () => {
  it('asks again for a topic the broker does not know yet (created a moment ago), then answers', async () => {
    const { admin, calls } = adminAnswering(unknownTopic(), unknownTopic(), layout);
    const resolver = new PartitionResolver(admin);
    await resolver.load(['orders']);
    expect(resolver.partitionCount('orders')).toBe(3);
    expect(calls()).toBe(3);
  });

  it('gives up on a topic that stays unknown, with the broker’s error', async () => {
    const { admin } = adminAnswering(unknownTopic());
    const resolver = new PartitionResolver(admin, Date.now, 200);
    await expect(resolver.load(['orders'])).rejects.toThrow(/does not host this topic-partition/);
  });

  it('passes any other failure on at once', async () => {
    const { admin, calls } = adminAnswering(new Error('Connection error: ECONNREFUSED'), layout);
    const resolver = new PartitionResolver(admin);
    await expect(resolver.load(['orders'])).rejects.toThrow(/ECONNREFUSED/);
    expect(calls()).toBe(1);
  });

  it('recognises an unknown topic in kafkajs’ and in @platformatic/kafka’s words', () => {
    expect(isUnknownTopic(unknownTopic())).toBe(true);
    expect(
      isUnknownTopic({
        message: 'Received response with error while executing API',
        errors: [{ apiId: 'UNKNOWN_TOPIC_OR_PARTITION', message: 'This server does not host this topic-partition.' }],
      }),
    ).toBe(true);
    expect(isUnknownTopic(new Error('Connection error'))).toBe(false);
  });
});
