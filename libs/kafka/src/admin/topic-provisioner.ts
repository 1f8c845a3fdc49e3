import { TopicDefinition } from '@streamline/schemas';
import { ClusterAdmin, TopicSpec } from '../client/cluster-admin';

/** What ensureTopics found and did. */
export interface ProvisionReport {
  created: string[];
  existing: string[];
  /** Existing topics with fewer partitions than wanted: per-key placement would differ, so they are only reported. */
  fewerPartitions: { name: string; actual: number; wanted: number }[];
}

/** The registry's topics as specs. */
export function specsOf(topics: readonly TopicDefinition[]): TopicSpec[] {
  return topics.map((t) => ({ name: t.name, partitions: t.partitions, configs: t.retentionMs ? { 'retention.ms': String(t.retentionMs) } : undefined }));
}

/** Creates missing topics and reports existing ones that have fewer partitions than wanted. */
export async function ensureTopics(admin: ClusterAdmin, specs: TopicSpec[]): Promise<ProvisionReport> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  const created = missing.length > 0 ? await admin.createTopics(missing) : [];
  const present = specs.filter((s) => !created.includes(s.name));
  const described = present.length > 0 ? await admin.describeTopics(present.map((s) => s.name)) : [];
  const fewerPartitions = described
    .map((t) => ({ name: t.name, actual: t.partitions.length, wanted: present.find((s) => s.name === t.name)!.partitions }))
    .filter((t) => t.actual < t.wanted);
  return { created, existing: present.map((s) => s.name), fewerPartitions };
}
