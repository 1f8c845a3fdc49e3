import { createHash } from 'node:crypto';
import { deadLetterTopicFor, retryTopicFor, TopicDefinition } from '@streamline/schemas';

/** A consumer group and the registry topics it consumes, whose retry and dead-letter topics it owns. */
export interface ManifestGroup {
  id: string;
  /** Registry topic names (without prefix); empty: every registry topic. */
  topics: string[];
}

/** What `streamline topics manifest` writes. */
export interface TopicManifestOptions {
  /** Strimzi's `strimzi.io/cluster` label: the Kafka cluster the topics belong to. */
  cluster: string;
  namespace?: string;
  prefix: string;
  replicas: number;
  minInsyncReplicas: number;
  groups: ManifestGroup[];
  /** Retry tiers of each group (the number of CONSUMER_RETRY_DELAYS_MS values). */
  retryTiers: number;
}

/** A Strimzi `KafkaTopic` (kafka.strimzi.io/v1beta2). */
export interface KafkaTopicResource {
  apiVersion: 'kafka.strimzi.io/v1beta2';
  kind: 'KafkaTopic';
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: { topicName: string; partitions: number; replicas: number; config: Record<string, string> };
}

/**
 * The registry's topics and each group's retry tiers and dead-letter topic as Strimzi KafkaTopic
 * resources: partitions and retention from `libs/schemas`, derived topics with the partitions of
 * their source (as the consumer runtime creates them) and the broker's default retention.
 */
export function topicManifest(registry: readonly TopicDefinition[], options: TopicManifestOptions): KafkaTopicResource[] {
  const known = new Set(registry.map((t) => t.name));
  for (const group of options.groups) {
    const unknown = group.topics.filter((t) => !known.has(t));
    if (unknown.length) throw new Error(`group ${group.id}: ${unknown.join(', ')} not in the registry (known: ${[...known].join(', ')})`);
  }
  const resource = (topicName: string, partitions: number, config: Record<string, string>, role: string): KafkaTopicResource => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: {
      name: resourceNameFor(topicName),
      ...(options.namespace ? { namespace: options.namespace } : {}),
      labels: { 'strimzi.io/cluster': options.cluster, 'app.kubernetes.io/part-of': 'streamline', 'streamline.io/topic-role': role },
    },
    spec: { topicName, partitions, replicas: options.replicas, config: { 'min.insync.replicas': String(options.minInsyncReplicas), ...config } },
  });

  const resources = registry.map((t) => resource(options.prefix + t.name, t.partitions, { 'retention.ms': String(t.retentionMs) }, 'source'));
  for (const group of options.groups) {
    const sources = registry.filter((t) => group.topics.length === 0 || group.topics.includes(t.name));
    for (const source of sources) {
      const sourceName = options.prefix + source.name;
      for (let tier = 1; tier <= options.retryTiers; tier++) {
        resources.push(resource(retryTopicFor(sourceName, group.id, tier), source.partitions, {}, 'retry'));
      }
      resources.push(resource(deadLetterTopicFor(sourceName, group.id), source.partitions, {}, 'dead-letter'));
    }
  }
  return resources;
}

/**
 * A Kubernetes object name for a topic: lower case, `[a-z0-9.-]`, at most 253 characters. A topic
 * whose name does not fit as it is gets a short hash of the real name, so two topics never share
 * a resource (`spec.topicName` keeps the real name).
 */
export function resourceNameFor(topic: string): string {
  const cleaned = topic
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (cleaned === topic && cleaned.length <= 253) return cleaned;
  const hash = createHash('sha256').update(topic).digest('hex').slice(0, 8);
  return `${cleaned.slice(0, 253 - 9).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}
