import { Admin } from 'kafkajs';
import { TopicDefinition } from '@streamline/schemas';

/** A topic to make sure of: name, partitions, retention. */
export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs?: number;
}

/** What ensureTopics found and did. */
export interface ProvisionReport {
  created: string[];
  existing: string[];
  /** Existing topics with fewer partitions than wanted: per-key placement would differ, so they are only reported. */
  fewerPartitions: { name: string; actual: number; wanted: number }[];
}

/** The registry's topics as specs. */
export function specsOf(topics: readonly TopicDefinition[]): TopicSpec[] {
  return topics.map((t) => ({ name: t.name, partitions: t.partitions, retentionMs: t.retentionMs }));
}

/** Creates missing topics and reports existing ones that have fewer partitions than wanted. */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<ProvisionReport> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        configEntries: s.retentionMs ? [{ name: 'retention.ms', value: String(s.retentionMs) }] : [],
      })),
    });
  }
  const present = specs.filter((s) => existing.has(s.name));
  const metadata = present.length > 0 ? await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) }) : { topics: [] };
  const fewerPartitions = metadata.topics
    .map((t) => ({ name: t.name, actual: t.partitions.length, wanted: present.find((s) => s.name === t.name)!.partitions }))
    .filter((t) => t.actual < t.wanted);
  return { created: missing.map((s) => s.name), existing: present.map((s) => s.name), fewerPartitions };
}
