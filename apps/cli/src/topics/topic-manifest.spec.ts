import { resourceNameFor, topicManifest } from './topic-manifest';
import { ORDER_TOPICS } from '@streamline/orders';

const base = { cluster: 'kafka', prefix: '', replicas: 3, minInsyncReplicas: 2, groups: [], retryTiers: 3 };

describe('topicManifest', () => {
  it("writes every registry topic with the registry's partitions and retention", () => {
    const resources = topicManifest(ORDER_TOPICS, base);
    expect(resources.map((r) => r.spec.topicName)).toEqual(ORDER_TOPICS.map((t) => t.name));
    for (const topic of ORDER_TOPICS) {
      const resource = resources.find((r) => r.spec.topicName === topic.name)!;
      expect(resource.spec).toEqual({
        topicName: topic.name,
        partitions: topic.partitions,
        replicas: 3,
        config: { 'min.insync.replicas': '2', 'retention.ms': String(topic.retentionMs) },
      });
      expect(resource.metadata.labels['strimzi.io/cluster']).toBe('kafka');
    }
  });

  it("adds each group's retry tiers and dead-letter topic, with the partitions of their source topic", () => {
    const resources = topicManifest(ORDER_TOPICS, { ...base, prefix: 'staging.', groups: [{ id: 'streamline-consumer', topics: ['orders'] }] });
    const derived = resources.filter((r) => r.metadata.labels['streamline.io/topic-role'] !== 'source').map((r) => [r.spec.topicName, r.spec.partitions]);
    const orders = ORDER_TOPICS.find((t) => t.name === 'orders')!;
    expect(derived).toEqual([
      ['staging.orders.streamline-consumer.retry.1', orders.partitions],
      ['staging.orders.streamline-consumer.retry.2', orders.partitions],
      ['staging.orders.streamline-consumer.retry.3', orders.partitions],
      ['staging.orders.streamline-consumer.dlq', orders.partitions],
    ]);
    expect(resources.filter((r) => r.spec.topicName.startsWith('staging.')).length).toBe(resources.length);
  });

  it('gives a group without topics the derived topics of every registry topic, and none with no retry tiers but the dead letters', () => {
    const resources = topicManifest(ORDER_TOPICS, { ...base, retryTiers: 0, groups: [{ id: 'g', topics: [] }] });
    expect(resources.filter((r) => r.spec.topicName.endsWith('.g.dlq'))).toHaveLength(ORDER_TOPICS.length);
    expect(resources.some((r) => r.spec.topicName.includes('.retry.'))).toBe(false);
  });

  it('refuses a group topic the registry does not know, naming it', () => {
    expect(() => topicManifest(ORDER_TOPICS, { ...base, groups: [{ id: 'g', topics: ['ordrs'] }] })).toThrow(/ordrs not in the registry/);
  });
});

describe('resourceNameFor', () => {
  it('keeps a name Kubernetes accepts as it is', () => {
    expect(resourceNameFor('orders.streamline-consumer.dlq')).toBe('orders.streamline-consumer.dlq');
  });

  it('makes distinct, valid names of topics Kubernetes would refuse', () => {
    const a = resourceNameFor('orders.My_Group.dlq');
    const b = resourceNameFor('orders.my-group.dlq');
    expect(a).toMatch(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
    expect(resourceNameFor('x'.repeat(300))).toHaveLength(253);
  });
});
