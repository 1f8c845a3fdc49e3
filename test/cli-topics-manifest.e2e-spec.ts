import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { AppProcess, startApp } from './support/app-process';
import { testKafka } from './support/cli-fixtures';
import { runCli } from './support/cli-process';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

/** What Strimzi's KafkaTopic CRD (kafka.strimzi.io/v1beta2) accepts of the fields we write. */
const KAFKA_TOPIC_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
    kind: { const: 'KafkaTopic' },
    metadata: {
      type: 'object',
      required: ['name', 'labels'],
      properties: {
        // A DNS subdomain: what Kubernetes accepts as an object name.
        name: { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
        namespace: { type: 'string' },
        labels: { type: 'object', required: ['strimzi.io/cluster'], additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        topicName: { type: 'string' },
        partitions: { type: 'integer', minimum: 1 },
        replicas: { type: 'integer', minimum: 1, maximum: 32767 },
        config: { type: 'object' },
      },
    },
  },
};

interface KafkaTopic {
  metadata: { name: string; labels: Record<string, string> };
  spec: { topicName: string; partitions: number; replicas: number; config: Record<string, string> };
}

describe('streamline topics manifest', () => {
  const prefix = `${randomName('manifest')}.`;
  const group = randomName('manifest-group');
  let consumer: AppProcess | undefined;

  afterAll(async () => {
    await consumer?.stop();
  });

  it('writes valid Strimzi KafkaTopic resources for exactly the topics a consumer service of that group creates', async () => {
    const result = await runCli([
      'topics',
      'manifest',
      '--cluster',
      'events',
      '--namespace',
      'kafka',
      '--prefix',
      prefix,
      '--group',
      `${group}=orders`,
      '--retry-delays',
      '1000,5000',
    ]);
    expect(result.code).toBe(0);
    const resources = parseAllDocuments(result.stdout).map((d) => d.toJS() as KafkaTopic);

    const validate = new Ajv({ allErrors: true }).compile(KAFKA_TOPIC_SCHEMA);
    expect(resources.flatMap((r) => (validate(r) ? [] : [{ name: r.metadata.name, errors: validate.errors }]))).toEqual([]);
    expect(new Set(resources.map((r) => r.metadata.name)).size).toBe(resources.length);
    expect(
      resources.every((r) => r.metadata.labels['strimzi.io/cluster'] === 'events' && r.spec.replicas === 3 && r.spec.config['min.insync.replicas'] === '2'),
    ).toBe(true);

    // The oracle: a real consumer service of the group, with the same retry tiers, creates its
    // topics on the broker; the manifest must name the same ones, with the same partitions.
    consumer = await startApp(
      'consumer',
      {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: group,
        CONSUMER_RETRY_DELAYS_MS: '1000,5000',
        PGLITE_DATA_DIR: 'memory',
      },
      '/health/ready',
    );
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const created = (await admin.listTopics()).filter((t) => t.startsWith(prefix) && t.includes(group));
      const metadata = await admin.fetchTopicMetadata({ topics: created });
      const onBroker = metadata.topics.map((t) => [t.name, t.partitions.length]).sort();
      const inManifest = resources
        .filter((r) => r.spec.topicName.includes(group))
        .map((r) => [r.spec.topicName, r.spec.partitions])
        .sort();
      expect(inManifest).toEqual(onBroker);
      expect(inManifest).toHaveLength(3);
      const registry = resources.filter((r) => r.metadata.labels['streamline.io/topic-role'] === 'source').map((r) => r.spec.topicName);
      expect(registry).toEqual([`${prefix}orders`, `${prefix}payments`]);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a group topic the registry does not know, with exit 2 and the reason', async () => {
    const result = await runCli(['topics', 'manifest', '--group', 'g=ordrs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ordrs not in the registry');
  });
});
