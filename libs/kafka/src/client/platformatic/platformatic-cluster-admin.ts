import { Logger } from '@nestjs/common';
import {
  AclOperations,
  AclPermissionTypes,
  Admin,
  ConfigResourceTypes,
  ListOffsetTimestamps,
  ResourcePatternTypes,
  ResourceTypes,
  type ClusterMetadata,
} from '@platformatic/kafka';
import { AclBindingView } from '../../admin/access-requirements';
import { UnknownTopicError } from '../../errors/kafka.errors';
import { ClusterAdmin, ClusterInfo, GroupInfo, PartitionOffset, PartitionOffsets, TopicInfo, TopicOffsets, TopicOperation, TopicSpec } from '../cluster-admin';
import { PlatformaticBaseOptions } from './platformatic-connection';
import { hasKafkaError, isUnavailable, isUnknownTopic, toStreamlineError } from './platformatic-errors';
import { describeConsumerGroups } from './platformatic-group-describe';
import { stableGroupOffsets } from './platformatic-stable-offsets';
import { authorizedTopicOperations } from './platformatic-topic-operations';
import { logEventsOf } from './platformatic-log';

/** How long `createTopics` waits for the new partitions to have leaders. */
const LEADERS_TIMEOUT_MS = 30_000;

/** ClusterAdmin over a @platformatic/kafka admin client, which connects on first use. */
export class PlatformaticClusterAdmin implements ClusterAdmin {
  private readonly admin: Admin;

  constructor(base: PlatformaticBaseOptions) {
    this.admin = new Admin({ ...base });
    logEventsOf(this.admin, new Logger('platformatic-kafka'));
  }

  async connect(): Promise<void> {
    await this.admin.metadata({ topics: [] }).catch(unreachable('no broker answered'));
  }

  async disconnect(): Promise<void> {
    await this.admin.close().catch(() => undefined);
  }

  async describeCluster(): Promise<ClusterInfo> {
    const metadata = await this.admin.metadata({ topics: [], forceUpdate: true }).catch(unreachable('no broker answered'));
    return {
      clusterId: metadata.id,
      controller: metadata.controllerId ?? -1,
      brokers: [...metadata.brokers].map(([nodeId, b]) => ({ nodeId, host: b.host, port: b.port })).sort((a, b) => a.nodeId - b.nodeId),
    };
  }

  listTopics(): Promise<string[]> {
    return this.admin.listTopics();
  }

  async describeTopics(topics: string[]): Promise<TopicInfo[]> {
    if (topics.length === 0) return [];
    const metadata = await this.admin.metadata({ topics, forceUpdate: true }).catch((error: unknown) => {
      throw isUnknownTopic(error) ? new UnknownTopicError(topics, { cause: error }) : error;
    });
    return topics.map((name) => topicInfoOf(metadata, name));
  }

  async createTopics(topics: TopicSpec[]): Promise<string[]> {
    const existing = new Set(await this.listTopics());
    const created: string[] = [];
    for (const spec of topics.filter((t) => !existing.has(t.name))) {
      try {
        await this.admin.createTopics({
          topics: [spec.name],
          partitions: spec.partitions,
          replicas: spec.replicationFactor ?? -1,
          configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        });
        created.push(spec.name);
      } catch (error) {
        // Another replica created it in the meantime: what we wanted exists.
        if (!hasKafkaError(error, 'TOPIC_ALREADY_EXISTS')) throw error;
      }
    }
    await this.waitForLeaders(topics.map((t) => t.name));
    return created;
  }

  async topicConfigs(topics: string[]): Promise<Map<string, Record<string, string>>> {
    if (topics.length === 0) return new Map();
    const described = await this.admin.describeConfigs({
      resources: topics.map((resourceName) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName })),
    });
    return new Map(described.map((d) => [d.resourceName, Object.fromEntries(d.configs.map((c) => [c.name, c.value ?? '']))]));
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const [low, high] = await Promise.all([this.offsetsAt(topic, ListOffsetTimestamps.EARLIEST), this.offsetsAt(topic, ListOffsetTimestamps.LATEST)]);
    return high.map((h, partition) => ({ partition, low: low[partition].toString(), high: h.toString() }));
  }

  async offsetsAtTime(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    const [atTime, high] = await Promise.all([this.offsetsAt(topic, BigInt(timestamp)), this.offsetsAt(topic, ListOffsetTimestamps.LATEST)]);
    return atTime.map((offset, partition) => ({ partition, offset: (offset < 0n ? high[partition] : offset).toString() }));
  }

  stableGroupOffsets(groupId: string, topic: string, partitions: number[]): Promise<Map<number, string>> {
    return stableGroupOffsets(this.admin, groupId, topic, partitions);
  }

  async groupOffsets(groupId: string, topics?: string[]): Promise<TopicOffsets[]> {
    if (topics === undefined) {
      // Every topic the group committed on: the broker answers for all of them when none is named.
      const [group] = await this.admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: null }] });
      return (group?.topics ?? [])
        .map((t) => ({
          topic: t.name,
          partitions: t.partitions
            .map((c) => ({ partition: c.partitionIndex, offset: c.committedOffset >= 0n ? c.committedOffset.toString() : '-1', metadata: c.metadata ?? null }))
            .sort((a, b) => a.partition - b.partition),
        }))
        .filter((t) => t.partitions.some((p) => p.offset !== '-1'));
    }
    const described = await this.describeTopics(topics);
    const [group] = await this.admin.listConsumerGroupOffsets({
      groups: [{ groupId, topics: described.map((t) => ({ name: t.name, partitionIndexes: t.partitions.map((p) => p.partition) })) }],
    });
    return described.map((t) => {
      const committed = new Map((group?.topics.find((g) => g.name === t.name)?.partitions ?? []).map((p) => [p.partitionIndex, p]));
      return {
        topic: t.name,
        partitions: t.partitions.map(({ partition }) => {
          const c = committed.get(partition);
          return { partition, offset: c && c.committedOffset >= 0n ? c.committedOffset.toString() : '-1', metadata: c?.metadata ?? null };
        }),
      };
    });
  }

  async setGroupOffsets(groupId: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    await this.admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{ name: topic, partitionOffsets: offsets.map((o) => ({ partition: o.partition, offset: BigInt(o.offset) })) }],
    });
  }

  topicOperations(topics: string[]): Promise<Map<string, Set<TopicOperation>>> {
    return authorizedTopicOperations(this.admin, topics).catch(unreachable('no broker answered'));
  }

  async describeAcls(): Promise<AclBindingView[]> {
    const resources = await this.admin.describeAcls({
      filter: {
        resourceType: ResourceTypes.ANY,
        resourceName: null,
        resourcePatternType: ResourcePatternTypes.ANY,
        principal: null,
        host: null,
        operation: AclOperations.ANY,
        permissionType: AclPermissionTypes.ANY,
      },
    });
    const kinds = new Map<number, AclBindingView['resourceType']>([
      [ResourceTypes.TOPIC, 'topic'],
      [ResourceTypes.GROUP, 'group'],
      [ResourceTypes.CLUSTER, 'cluster'],
    ]);
    const operations = new Map<number, string>(Object.entries(AclOperations).map(([name, value]) => [value, name]));
    return resources.flatMap((resource) => {
      const resourceType = kinds.get(resource.resourceType);
      if (!resourceType) return [];
      return resource.acls.map((acl) => ({
        principal: acl.principal,
        resourceType,
        name: resource.resourceName,
        patternType: resource.resourcePatternType === ResourcePatternTypes.PREFIXED ? ('prefixed' as const) : ('literal' as const),
        operation: operations.get(acl.operation) ?? 'UNKNOWN',
        permission: acl.permissionType === AclPermissionTypes.DENY ? ('deny' as const) : ('allow' as const),
      }));
    });
  }

  async listGroups(): Promise<string[]> {
    const groups = await this.admin.listGroups({ types: ['classic', 'consumer'] });
    return [...groups.values()].filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.id);
  }

  async describeGroups(groupIds: string[]): Promise<GroupInfo[]> {
    if (groupIds.length === 0) return [];
    const classic = await this.admin.describeGroups({ groups: groupIds });
    const groups = groupIds.map((groupId): GroupInfo => {
      const g = classic.get(groupId);
      return {
        groupId,
        state: g?.state ?? 'Dead',
        members: [...(g?.members.values() ?? [])].map((m) => ({
          memberId: m.id,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: [...(m.assignments?.values() ?? [])].map((a) => ({ topic: a.topic, partitions: [...a.partitions] })),
        })),
      };
    });
    // A KIP-848 group is unknown to the classic DescribeGroups ("Dead", no members): ask ConsumerGroupDescribe.
    const dead = groups.filter((g) => g.state === 'Dead' && g.members.length === 0).map((g) => g.groupId);
    if (dead.length === 0) return groups;
    const next = new Map((await describeConsumerGroups(this.admin, dead)).map((g) => [g.groupId, g]));
    return groups.map((g) => next.get(g.groupId) ?? g);
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    if (groupIds.length) await this.admin.deleteGroups({ groups: groupIds });
  }

  /** Per partition (in order), the offset for `timestamp` (-1: latest, -2: earliest); -1 where none. */
  private async offsetsAt(topic: string, timestamp: bigint): Promise<bigint[]> {
    const count = (await this.describeTopics([topic]))[0].partitions.length;
    const [listed] = await this.admin.listOffsets({
      topics: [{ name: topic, partitions: Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp })) }],
    });
    const offsets = Array.from({ length: count }, () => -1n);
    for (const p of listed?.partitions ?? []) offsets[p.partitionIndex] = p.offset;
    return offsets;
  }

  /**
   * Leaders in the metadata are not enough: a broker named leader can still refuse a request for
   * a moment (NOT_LEADER_OR_FOLLOWER right after creating), so each partition's leader is also
   * asked for its offsets, the request a produce goes to, until it answers.
   */
  private async waitForLeaders(topics: string[]): Promise<void> {
    const deadline = Date.now() + LEADERS_TIMEOUT_MS;
    for (;;) {
      const metadata = await this.admin.metadata({ topics, forceUpdate: true }).catch(() => undefined);
      const led = metadata && topics.every((t) => metadata.topics.get(t)?.partitions.every((p) => p.leader >= 0));
      const ready =
        led &&
        (await Promise.all(topics.map((t) => this.topicOffsets(t))).then(
          () => true,
          () => false,
        ));
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`the partitions of ${topics.join(', ')} have no leader after ${LEADERS_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Rethrows a failure to reach the cluster as BrokerUnavailableError, others as they are. */
function unreachable(what: string): (error: unknown) => never {
  return (error) => {
    throw isUnavailable(error) ? toStreamlineError(error, what) : error;
  };
}

function topicInfoOf(metadata: ClusterMetadata, name: string): TopicInfo {
  const topic = metadata.topics.get(name);
  if (!topic) throw new UnknownTopicError([name]);
  return {
    name,
    partitions: topic.partitions.map((p, partition) => ({ partition, leader: p.leader ?? -1, replicas: [...p.replicas], isr: [...p.isr] })),
  };
}
