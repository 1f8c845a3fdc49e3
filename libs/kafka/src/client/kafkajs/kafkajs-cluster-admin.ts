import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Admin, AssignerProtocol, ConfigResourceTypes, Kafka, ResourcePatternTypes } from 'kafkajs';
import { AclBindingView } from '../../admin/access-requirements';
import { withCoordinatorRetry } from './coordinator-retry';
import { isUnknownTopic } from './kafkajs-error-mapping';
import { UnknownTopicError } from '../../errors/kafka.errors';
import { Admin as PlatformaticAdmin } from '@platformatic/kafka';
import { ClusterAdmin, ClusterInfo, GroupInfo, PartitionOffset, PartitionOffsets, TopicInfo, TopicOffsets, TopicOperation, TopicSpec } from '../cluster-admin';
import { PlatformaticBaseOptions } from '../platformatic/platformatic-connection';
import { authorizedTopicOperations } from '../platformatic/platformatic-topic-operations';
import { stableGroupOffsets } from '../platformatic/platformatic-stable-offsets';

const LEADER_POLL_MS = 100;
const LEADER_WAIT_MS = 15_000;

/** ClusterAdmin over a kafkajs admin client, connected on first use. */
export class KafkajsClusterAdmin implements ClusterAdmin {
  private admin?: Promise<Admin>;
  private operationsAdmin?: PlatformaticAdmin;

  /** `operationsConnection`: where to ask for authorized operations, which kafkajs' protocol cannot (see `topicOperations`). */
  constructor(
    private readonly kafka: Kafka,
    private readonly retries: number | undefined,
    private readonly operationsConnection: PlatformaticBaseOptions,
  ) {}

  async connect(): Promise<void> {
    await this.connected();
  }

  async disconnect(): Promise<void> {
    const [admin, operationsAdmin] = [this.admin, this.operationsAdmin];
    this.admin = this.operationsAdmin = undefined;
    if (admin) await (await admin).disconnect().catch(() => undefined);
    await operationsAdmin?.close().catch(() => undefined);
  }

  async describeCluster(): Promise<ClusterInfo> {
    const cluster = await (await this.connected()).describeCluster();
    return {
      clusterId: cluster.clusterId,
      controller: cluster.controller ?? -1,
      brokers: cluster.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })),
    };
  }

  async listTopics(): Promise<string[]> {
    return (await this.connected()).listTopics();
  }

  async describeTopics(topics: string[]): Promise<TopicInfo[]> {
    if (topics.length === 0) return [];
    const metadata = await (await this.connected()).fetchTopicMetadata({ topics }).catch((error: unknown) => {
      throw isUnknownTopic(error) ? new UnknownTopicError(topics, { cause: error }) : error;
    });
    return metadata.topics.map((t) => ({
      name: t.name,
      partitions: [...t.partitions]
        .sort((a, b) => a.partitionId - b.partitionId)
        .map((p) => ({ partition: p.partitionId, leader: p.partitionErrorCode === 0 ? p.leader : -1, replicas: p.replicas, isr: p.isr })),
    }));
  }

  /**
   * kafkajs' `waitForLeaders` is not used: it gives up at the first "does not host this
   * topic-partition" a broker answers while a new topic propagates (seen on a busy machine), and
   * a broker named leader can still refuse a write for a moment (NOT_LEADER_OR_FOLLOWER, seen on
   * `replay copy --create-target`). So each new topic's leaders are asked for its offsets, the
   * request a produce would go to, until they answer; retriable answers keep the wait going.
   */
  async createTopics(topics: TopicSpec[]): Promise<string[]> {
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    const names = missing.map((t) => t.name);
    const deadline = Date.now() + LEADER_WAIT_MS;
    while (!(await this.leadersAnswer(names)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, LEADER_POLL_MS));
    return names;
  }

  private async leadersAnswer(topics: string[]): Promise<boolean> {
    try {
      const described = await this.describeTopics(topics);
      if (!described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return false;
      for (const topic of topics) await this.topicOffsets(topic);
      return true;
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable) return false;
      throw error;
    }
  }

  async topicConfigs(topics: string[]): Promise<Map<string, Record<string, string>>> {
    if (topics.length === 0) return new Map();
    const configs = await (
      await this.connected()
    ).describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    });
    return new Map(configs.resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue]))]));
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const offsets = await (await this.connected()).fetchTopicOffsets(topic);
    return offsets.map(({ partition, low, high }) => ({ partition, low, high })).sort((a, b) => a.partition - b.partition);
  }

  async offsetsAtTime(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    const offsets = await (await this.connected()).fetchTopicOffsetsByTimestamp(topic, timestamp);
    return offsets.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition);
  }

  async groupOffsets(groupId: string, topics?: string[]): Promise<TopicOffsets[]> {
    const admin = await this.connected();
    const committed = await withCoordinatorRetry(() => admin.fetchOffsets(topics ? { groupId, topics } : { groupId }));
    return committed.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map(({ partition, offset, metadata }) => ({ partition, offset, metadata })).sort((a, b) => a.partition - b.partition),
    }));
  }

  async setGroupOffsets(groupId: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    const admin = await this.connected();
    await withCoordinatorRetry(() => admin.setOffsets({ groupId, topic, partitions: offsets.map(({ partition, offset }) => ({ partition, offset })) }));
  }

  async listGroups(): Promise<string[]> {
    const { groups } = await (await this.connected()).listGroups();
    return groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
  }

  async describeGroups(groupIds: string[]): Promise<GroupInfo[]> {
    const admin = await this.connected();
    const { groups } = await withCoordinatorRetry(() => admin.describeGroups(groupIds));
    return groups.map((g) => ({
      groupId: g.groupId,
      state: g.state,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        host: m.clientHost,
        assignment: decodeAssignment(m.memberAssignment),
      })),
    }));
  }

  /** kafkajs' OffsetFetch has no require_stable; the request goes out on the operations connection. */
  stableGroupOffsets(groupId: string, topic: string, partitions: number[]): Promise<Map<number, string>> {
    this.operationsAdmin ??= new PlatformaticAdmin({ ...this.operationsConnection });
    return stableGroupOffsets(this.operationsAdmin, groupId, topic, partitions);
  }

  /**
   * kafkajs speaks Metadata up to version 6; a topic's authorized operations came with version 8
   * (KIP-430). So this one question goes over a connection of @platformatic/kafka's, the second
   * client's protocol implementation, with the same brokers and security settings.
   */
  topicOperations(topics: string[]): Promise<Map<string, Set<TopicOperation>>> {
    this.operationsAdmin ??= new PlatformaticAdmin({ ...this.operationsConnection });
    return authorizedTopicOperations(this.operationsAdmin, topics);
  }

  async describeAcls(): Promise<AclBindingView[]> {
    const response = await (
      await this.connected()
    ).describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return response.resources.flatMap((resource) => {
      const resourceType = ACL_RESOURCES.get(resource.resourceType);
      if (!resourceType) return [];
      return resource.acls.map((acl) => ({
        principal: acl.principal,
        resourceType,
        name: resource.resourceName,
        patternType: resource.resourcePatternType === ResourcePatternTypes.PREFIXED ? ('prefixed' as const) : ('literal' as const),
        operation: ACL_OPERATIONS.get(acl.operation) ?? 'UNKNOWN',
        permission: acl.permissionType === AclPermissionTypes.DENY ? ('deny' as const) : ('allow' as const),
      }));
    });
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    await (await this.connected()).deleteGroups(groupIds);
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin(this.retries === undefined ? undefined : { retry: { retries: this.retries } });
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}

const ACL_RESOURCES = new Map<number, AclBindingView['resourceType']>([
  [AclResourceTypes.TOPIC, 'topic'],
  [AclResourceTypes.GROUP, 'group'],
  [AclResourceTypes.CLUSTER, 'cluster'],
]);

/** kafkajs' enums are plain objects at run time, without TypeScript's reverse mapping: number → name. */
const ACL_OPERATIONS = new Map<number, string>(Object.entries(AclOperationTypes).map(([name, value]) => [Number(value), name]));

function decodeAssignment(raw: Buffer): { topic: string; partitions: number[] }[] {
  if (!raw || raw.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(raw);
    return Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
  } catch {
    return [];
  }
}
