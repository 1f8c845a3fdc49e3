import { ClusterAdmin } from '@streamline/kafka';
import { ORDER_TOPICS } from '@streamline/orders';

/** One topic as the registry wants it and as the broker has it. */
export interface TopicInspection {
  name: string;
  /** Registry name without prefix, or undefined for a topic derived from one (dead letters, retries). */
  registryName?: string;
  derivedFrom?: string;
  wanted?: { partitions: number; retentionMs: number };
  actual?: { partitions: number; replicationFactor: number; retentionMs?: number; endOffsets: { partition: number; low: string; high: string }[] };
  status: 'ok' | 'missing' | 'differs' | 'derived';
  differences: string[];
}

/**
 * Compares the registry's topics (with the prefix) with the broker's, and lists the topics derived
 * from them (`<topic>.<group>.dlq`, retry tiers) that exist on the broker.
 */
export async function inspectTopics(admin: ClusterAdmin, prefix: string): Promise<TopicInspection[]> {
  const existing = new Set(await admin.listTopics());
  const registry = ORDER_TOPICS.map((t) => ({ name: prefix + t.name, registryName: t.name, wanted: { partitions: t.partitions, retentionMs: t.retentionMs } }));
  const derived = [...existing]
    .filter((name) => registry.some((r) => name.startsWith(`${r.name}.`)))
    .sort()
    .map((name) => ({ name, derivedFrom: registry.find((r) => name.startsWith(`${r.name}.`))!.name }));
  const present = [...registry.map((r) => r.name), ...derived.map((d) => d.name)].filter((n) => existing.has(n));
  const actual = await describeTopics(admin, present);

  const registryRows = registry.map((r): TopicInspection => {
    const found = actual.get(r.name);
    if (!found) return { ...r, status: 'missing', differences: ['missing on the broker'] };
    const differences: string[] = [];
    if (found.partitions !== r.wanted.partitions) differences.push(`partitions ${found.partitions}, registry ${r.wanted.partitions}`);
    if (found.retentionMs !== undefined && found.retentionMs !== r.wanted.retentionMs) {
      differences.push(`retention.ms ${found.retentionMs}, registry ${r.wanted.retentionMs}`);
    }
    return { ...r, actual: found, status: differences.length ? 'differs' : 'ok', differences };
  });
  const derivedRows = derived.map((d): TopicInspection => ({ ...d, actual: actual.get(d.name), status: 'derived', differences: [] }));
  return [...registryRows, ...derivedRows];
}

async function describeTopics(admin: ClusterAdmin, names: string[]): Promise<Map<string, NonNullable<TopicInspection['actual']>>> {
  const result = new Map<string, NonNullable<TopicInspection['actual']>>();
  if (names.length === 0) return result;
  const described = await admin.describeTopics(names);
  const configs = await admin.topicConfigs(names);
  for (const topic of described) {
    const retention = configs.get(topic.name)?.['retention.ms'];
    const offsets = await admin.topicOffsets(topic.name);
    result.set(topic.name, {
      partitions: topic.partitions.length,
      replicationFactor: Math.min(...topic.partitions.map((p) => p.replicas.length)),
      retentionMs: retention !== undefined ? Number(retention) : undefined,
      endOffsets: offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high })),
    });
  }
  return result;
}
