import { GroupLag } from './consumer-lag';

/** A broker of the cluster as its metadata names it. */
export interface SnapshotBroker {
  nodeId: number;
  host: string;
  port: number;
  controller: boolean;
}

/** A topic's partitions with their log start and end offsets. */
export interface TopicSnapshot {
  name: string;
  partitions: { partition: number; low: string; high: string }[];
}

/** A group member and the partitions it was assigned, per topic. */
export interface SnapshotMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  assignment: Record<string, number[]>;
}

/** A consumer group as the coordinator describes it, with its lag on the topics it committed offsets for. */
export interface GroupSnapshot {
  groupId: string;
  state: string;
  members: SnapshotMember[];
  lag: GroupLag;
}

/** What the cluster looks like at one instant: brokers, topics with offsets, groups with lag. */
export interface ClusterSnapshot {
  at: string;
  brokers: SnapshotBroker[];
  topics: TopicSnapshot[];
  groups: GroupSnapshot[];
}

/** Reads cluster snapshots over one admin connection; see `openClusterReader`. */
export interface ClusterReader {
  snapshot(): Promise<ClusterSnapshot>;
  close(): Promise<void>;
}
