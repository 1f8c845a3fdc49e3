import { AclBindingView } from '../admin/access-requirements';
import { TopicPartitions } from './consumer-client';

/** A topic to create. */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** Default: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** Topic-level configs, e.g. `retention.ms`. */
  configs?: Record<string, string>;
}

/** One partition's replicas as the cluster reports them. */
export interface PartitionInfo {
  partition: number;
  /** Node id of the leader; -1 when none. */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicInfo {
  name: string;
  /** In partition order. */
  partitions: PartitionInfo[];
}

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
}

export interface ClusterInfo {
  clusterId: string;
  /** Node id of the active controller; -1 when unknown. */
  controller: number;
  brokers: BrokerInfo[];
}

/** A partition's earliest and log-end offsets. */
export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

/** An offset per partition, e.g. a group's committed position or the offset at a time. */
export interface PartitionOffset {
  partition: number;
  /** '-1' when there is none. */
  offset: string;
  metadata?: string | null;
}

export interface TopicOffsets {
  topic: string;
  partitions: PartitionOffset[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignment: TopicPartitions[];
}

export interface GroupInfo {
  groupId: string;
  /** As the broker names it: Empty, Stable, PreparingRebalance, CompletingRebalance, Dead, … */
  state: string;
  members: GroupMember[];
}

/** Operations a principal may be granted on a topic, as Kafka names them. */
export const TOPIC_OPERATIONS = ['READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'] as const;
export type TopicOperation = (typeof TOPIC_OPERATIONS)[number];

/**
 * Cluster administration, as the runtime, the health check and the command line need it. One
 * type for every client; connects on first use.
 */
export interface ClusterAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  describeCluster(): Promise<ClusterInfo>;
  listTopics(): Promise<string[]>;
  /** Partitions of `topics`; rejects when one does not exist. */
  describeTopics(topics: string[]): Promise<TopicInfo[]>;
  /** Creates the topics that do not exist yet and waits until their partitions have leaders; returns the names created. */
  createTopics(topics: TopicSpec[]): Promise<string[]>;
  /** Topic configs, every config the broker reports (defaults included). */
  topicConfigs(topics: string[]): Promise<Map<string, Record<string, string>>>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the first offset whose timestamp is at or after `timestamp` (the log end when none). */
  offsetsAtTime(topic: string, timestamp: number): Promise<PartitionOffset[]>;
  /** A group's committed offsets ('-1' where it has none) on `topics`, or on every topic it committed on. */
  groupOffsets(groupId: string, topics?: string[]): Promise<TopicOffsets[]>;
  /**
   * A group's committed offsets ('-1' where none) on partitions of `topic`, once no transaction in
   * flight holds a pending commit of them (KIP-447's require_stable): what a transaction that
   * is still being decided will leave, not what was committed before it.
   */
  stableGroupOffsets(groupId: string, topic: string, partitions: number[]): Promise<Map<number, string>>;
  /** Sets a group's committed offsets; the group must have no live members. */
  setGroupOffsets(groupId: string, topic: string, offsets: PartitionOffset[]): Promise<void>;
  /** Ids of the consumer groups the cluster knows (both protocols). */
  listGroups(): Promise<string[]>;
  describeGroups(groupIds: string[]): Promise<GroupInfo[]>;
  deleteGroups(groupIds: string[]): Promise<void>;
  /** Every ACL binding on topics, groups and the cluster; rejects without an authorizer or the right to describe them. */
  describeAcls(): Promise<AclBindingView[]>;
  /**
   * What the connected principal may do on each topic, as the broker computes it (no right to
   * list ACLs needed): an empty set where it may not even describe the topic; topics the broker
   * gave no answer for are left out.
   */
  topicOperations(topics: string[]): Promise<Map<string, Set<TopicOperation>>>;
}
