import { ClusterAdmin } from '../client/cluster-admin';
import { AclBindingView } from './access-requirements';

/** A topic as the doctor checks it. */
export interface TopicInspection {
  name: string;
  exists: boolean;
  partitions: number;
  replicationFactor: number;
  /** The topic's min.insync.replicas (its own or the broker default), when it could be read. */
  minInsyncReplicas?: number;
}

/** What a connected principal sees of the cluster. */
export interface ClusterInspection {
  brokers: number;
  /** Every ACL binding, or why they could not be listed (no authorizer, not allowed). */
  acls: AclBindingView[] | { unavailable: string };
  topics: TopicInspection[];
}

/** Reads brokers, ACLs and `topics` through the admin of either client, as plain data. */
export async function inspectCluster(admin: ClusterAdmin, topics: string[]): Promise<ClusterInspection> {
  const cluster = await admin.describeCluster();
  const acls = await admin.describeAcls().catch((error: unknown) => ({ unavailable: kafkaErrorType(error) ?? (error as Error).message ?? String(error) }));
  return { brokers: cluster.brokers.length, acls, topics: await inspectTopics(admin, topics) };
}

/** Kafka's error code name (e.g. CLUSTER_AUTHORIZATION_FAILED) of `error` or an error it wraps (kafkajs: `type`, @platformatic/kafka: `apiId`). */
function kafkaErrorType(error: unknown, depth = 0): string | undefined {
  const e = error as { type?: unknown; apiId?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  if (!e || typeof e !== 'object' || depth > 5) return undefined;
  if (typeof e.type === 'string') return e.type;
  if (typeof e.apiId === 'string') return e.apiId;
  for (const inner of [e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = kafkaErrorType(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

async function inspectTopics(admin: ClusterAdmin, names: string[]): Promise<TopicInspection[]> {
  const existing = new Set(await admin.listTopics());
  const present = names.filter((name) => existing.has(name));
  const described = present.length ? await admin.describeTopics(present) : [];
  const configs = present.length ? await admin.topicConfigs(present).catch(() => new Map<string, Record<string, string>>()) : new Map();
  return names.map((name) => {
    const topic = described.find((t) => t.name === name);
    if (!topic) return { name, exists: false, partitions: 0, replicationFactor: 0 };
    const replicationFactor = Math.min(...topic.partitions.map((p) => p.replicas.length));
    const minIsr = configs.get(name)?.['min.insync.replicas'];
    return { name, exists: true, partitions: topic.partitions.length, replicationFactor, minInsyncReplicas: minIsr !== undefined ? Number(minIsr) : undefined };
  });
}
