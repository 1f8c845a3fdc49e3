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
  /** The group is rebalancing: partitions may be taken away; records not yet started should be dropped. */
  onRebalancing(): void;
  /** Joined the group with this assignment (possibly empty). */
  onAssigned(assignment: TopicPartitions[]): void;
  /** The client stopped for good after an error it could not recover from. */
  onCrash(error: Error, restarting: boolean): void;
}

/**
 * The consumer side of a Kafka client, as the runtime needs it. Implemented over kafkajs in
 * `kafkajs-consumer-client.ts`; another client library needs only this interface.
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
  commit(offsets: CommitOffset[]): Promise<void>;
  /** Stops fetching, leaves the group, closes connections. */
  disconnect(): Promise<void>;
}

/** A record to write: key, value, headers, and optionally a fixed partition. */
export interface OutgoingRecord {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, Buffer | string | (Buffer | string)[]>;
  partition?: number;
}

/** Writes records durably (all in-sync replicas) and idempotently. */
export interface RecordSender {
  connect(): Promise<void>;
  send(topic: string, records: OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Topic administration the runtime needs: partition counts and creating derived topics. */
export interface TopicAdmin {
  partitionCounts(topics: string[]): Promise<Map<string, number>>;
  ensureTopics(topics: { name: string; partitions: number }[]): Promise<void>;
  /** Log end offsets per partition, for lag. */
  highWatermarks(topic: string): Promise<Map<number, string>>;
  disconnect(): Promise<void>;
}
