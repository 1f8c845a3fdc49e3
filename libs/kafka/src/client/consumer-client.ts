import { GroupMember } from './transactional-sender';
import { KafkaHeaders } from '@streamline/schemas';

/** One record as fetched, independent of the client library. */
export interface FetchedRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeaders;
  /** Broker or producer timestamp, epoch milliseconds as a string. */
  timestamp: string;
}

/** Records fetched from one partition, in offset order. */
export interface FetchedBatch {
  topic: string;
  partition: number;
  records: FetchedRecord[];
  /** Log end offset at fetch time, for lag. */
  highWatermark: string;
  /**
   * Offset of the last record the fetch covered, control records and aborted transactions
   * included; a batch may hold no records and still move this on.
   */
  lastOffset: string;
}

/** Partitions of one topic. */
export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/** A position to commit: the offset of the next record to read. */
export interface CommitOffset {
  topic: string;
  partition: number;
  offset: string;
  metadata?: string | null;
}

/** What a held batch may do while it waits: keep the group membership alive. */
export interface BatchControl {
  heartbeat?(): Promise<void>;
}

/** What the runtime hears from the group membership. */
export interface ConsumerClientListener {
  /**
   * Records arrived. Resolves with the offset of the last record the runtime took (the client
   * then reads on from the next one without waiting for them to be handled), or undefined when
   * it took none. Records not taken are fetched again once the partition is not paused. While
   * it holds a batch, the runtime keeps the membership alive with `control.heartbeat`.
   */
  onBatch(batch: FetchedBatch, control?: BatchControl): Promise<string | undefined>;
  /**
   * The group is rebalancing: partitions may be taken away; records not yet started should be
   * dropped. Resolves once the records running at that moment have settled and what settled is
   * committed: a client that can hold its rejoin waits for it (bounded).
   */
  onRebalancing(): Promise<void> | void;
  /** Joined the group with this assignment (possibly empty). */
  onAssigned(assignment: TopicPartitions[]): void;
  /** A fetch of `partition` held no records to hand over (only control records) up to `lastOffset`. Optional. */
  onEmptyBatch?(topic: string, partition: number, lastOffset: string): void;
  /** The client stopped for good after an error it could not recover from. */
  onCrash(error: Error, restarting: boolean): void;
}

/** How a group member reads. */
export interface ConsumerSettings {
  groupId: string;
  /** Partitions whose batches are handed over at the same time. */
  partitionsConsumedConcurrently: number;
  /** Default: 30000. */
  sessionTimeoutMs?: number;
  /** Default: 256 KiB. */
  maxBytesPerPartition?: number;
  /** Longest a fetch waits for records. Default: 100. */
  maxWaitTimeMs?: number;
  /**
   * Keep the partitions of the same number of every subscribed topic on one member (retry tiers
   * and priority lanes beside their source). Default: false (the client's own assignor).
   */
  coPartitioned?: boolean;
  /** Static membership (KIP-345): a stable id per replica, e.g. the pod's name. Default: none. */
  groupInstanceId?: string;
  /** Group protocol: 'classic', or 'consumer' (KIP-848) where the client and broker have it. Default: 'classic'. */
  groupProtocol?: 'classic' | 'consumer';
}

/**
 * The consumer side of a Kafka client, as the runtime and the command line need it. Implemented
 * per client under `kafkajs/` and `platformatic/`; nothing else knows which one runs.
 *
 * The contract: batches of one partition arrive in order, and after a rebalance a partition is
 * read again from its committed offset (records fetched but not committed come again).
 */
export interface ConsumerClient {
  connect(): Promise<void>;
  subscribe(topics: string[], fromBeginning: boolean): Promise<void>;
  run(listener: ConsumerClientListener): Promise<void>;
  pause(partitions: TopicPartitions[]): void;
  resume(partitions: TopicPartitions[]): void;
  /** Reads `partition` from `offset` on (call after `run`). */
  seek(topic: string, partition: number, offset: string): void;
  commit(offsets: CommitOffset[]): Promise<void>;
  /** This member as the group coordinator knows it, for transactional offset commits (KIP-447); undefined where the client does not send it. */
  member(): GroupMember | undefined;
  /** Stops fetching, leaves the group, closes connections. */
  disconnect(): Promise<void>;
}
