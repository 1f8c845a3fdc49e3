import { ClusterAdmin, TopicInfo } from '../client/cluster-admin';
import { UnknownTopicError } from '../errors/kafka.errors';
import { PartitionResolver } from './partition-resolver';

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

const unknownTopic = () => new UnknownTopicError(['orders']);

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
    await expect(resolver.load(['orders'])).rejects.toThrow('the cluster does not know topic orders (UNKNOWN_TOPIC_OR_PARTITION)');
  });

  it('passes any other failure on at once', async () => {
    const { admin, calls } = adminAnswering(new Error('Connection error: ECONNREFUSED'), layout);
    const resolver = new PartitionResolver(admin);
    await expect(resolver.load(['orders'])).rejects.toThrow(/ECONNREFUSED/);
    expect(calls()).toBe(1);
  });
});
