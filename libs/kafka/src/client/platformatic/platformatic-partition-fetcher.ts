import { Logger } from '@nestjs/common';
import { ListOffsetTimestamps, type ConnectionPool, type Consumer, type fetchV17 } from '@platformatic/kafka';
import { ConsumerClientListener, FetchedBatch, TopicPartitions } from '../consumer-client';
import { describeError, hasKafkaError } from './platformatic-errors';
import { fetchedBatchOf } from './platformatic-fetched-batch';

export interface PartitionFetcherOptions {
  maxWaitTimeMs: number;
  maxBytesPerPartition: number;
  /** Batches handed to the listener at the same time. */
  concurrency: number;
  logger: Logger;
}

/** What the fetch loop asks its owner for. */
export interface FetchContext {
  listener: ConsumerClientListener;
  fromBeginning: boolean;
  /** Connections of their own for fetches, so a fetch waiting on the broker never delays a heartbeat. */
  pool: ConnectionPool;
  /** The partitions to read, or undefined while the group rebalances. */
  assignment(): TopicPartitions[] | undefined;
}

/** One partition's answer to a fetch, with the offset it was asked from. */
interface Answer {
  key: string;
  requested: bigint;
  batch: FetchedBatch;
}

const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;
const OUT_OF_RANGE = 1;

/**
 * Reads the assigned partitions with the library's `fetch`, one request per leader, and hands
 * each partition's records to the listener as a batch, in offset order. Where the next fetch of a
 * partition starts is decided here: after the last record the listener took, so records it did
 * not take are fetched again once the partition is not paused. A new assignment or a rebalance
 * forgets every position: partitions are read again from their committed offsets, and answers
 * to fetches made before are dropped.
 */
export class PartitionFetcher {
  /** Next offset to fetch per partition; absent until read from the committed offsets. */
  private readonly positions = new Map<string, bigint>();
  private readonly paused = new Set<string>();
  private current: TopicPartitions[] = [];
  /** Bumped whenever positions are forgotten: answers to older fetches are dropped. */
  private epoch = 0;
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: PartitionFetcherOptions,
  ) {}

  start(context: FetchContext): void {
    this.running ??= this.loop(context);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  assign(assignment: TopicPartitions[]): void {
    this.current = assignment;
    this.drop();
  }

  assigned(): TopicPartitions[] {
    return this.current;
  }

  /** Forgets every position and drops the answers of fetches in flight. */
  drop(): void {
    this.epoch++;
    this.positions.clear();
  }

  pause(partitions: TopicPartitions[]): void {
    for (const { topic, partitions: ps } of partitions) for (const p of ps) this.paused.add(keyOf(topic, p));
  }

  resume(partitions: TopicPartitions[]): void {
    for (const { topic, partitions: ps } of partitions) for (const p of ps) this.paused.delete(keyOf(topic, p));
    this.wake?.();
  }

  seek(topic: string, partition: number, offset: bigint): void {
    this.positions.set(keyOf(topic, partition), offset);
    this.wake?.();
  }

  private async loop(context: FetchContext): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      const assignment = context.assignment();
      if (!assignment) {
        await this.idle(100);
        continue;
      }
      const epoch = this.epoch;
      try {
        await this.readCommitted(assignment, context.fromBeginning, epoch);
        const wanted = assignment.flatMap(({ topic, partitions }) =>
          partitions.filter((p) => !this.paused.has(keyOf(topic, p)) && this.positions.has(keyOf(topic, p))).map((partition) => ({ topic, partition })),
        );
        if (wanted.length === 0) {
          await this.idle(this.options.maxWaitTimeMs);
          continue;
        }
        const answers = await this.fetch(wanted, context);
        if (epoch === this.epoch) await this.deliver(answers, context.listener, epoch);
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        failures++;
        this.options.logger[failures > 3 ? 'error' : 'warn'](`fetching failed (attempt ${failures}), retrying: ${describeError(error)}`);
        this.consumer.clearMetadata();
        await this.idle(Math.min(250 * failures, 5_000));
      }
    }
  }

  /** Positions of assigned partitions that have none: their committed offset, else the reset policy's. */
  private async readCommitted(assignment: TopicPartitions[], fromBeginning: boolean, epoch: number): Promise<void> {
    const missing = assignment
      .map(({ topic, partitions }) => ({ topic, partitions: partitions.filter((p) => !this.positions.has(keyOf(topic, p))) }))
      .filter((a) => a.partitions.length > 0);
    if (missing.length === 0) return;
    const committed = await this.consumer.listCommittedOffsets({ topics: missing });
    if (epoch !== this.epoch) return;
    const none: TopicPartitions[] = [];
    for (const { topic, partitions } of missing) {
      const without = partitions.filter((p) => {
        const offset = committed.get(topic)?.[p];
        if (offset === undefined || offset < 0n) return true;
        this.positions.set(keyOf(topic, p), offset);
        return false;
      });
      if (without.length) none.push({ topic, partitions: without });
    }
    if (none.length) await this.reset(none, fromBeginning, epoch);
  }

  /** Starts partitions without a usable offset at the log start (`fromBeginning`) or end. */
  private async reset(partitions: TopicPartitions[], fromBeginning: boolean, epoch: number): Promise<void> {
    const offsets = await this.consumer.listOffsets({
      topics: partitions.map((p) => p.topic),
      partitions: Object.fromEntries(partitions.map((p) => [p.topic, p.partitions])),
      timestamp: fromBeginning ? ListOffsetTimestamps.EARLIEST : ListOffsetTimestamps.LATEST,
    });
    if (epoch !== this.epoch) return;
    for (const { topic, partitions: ps } of partitions) {
      for (const p of ps) {
        const offset = offsets.get(topic)?.[p];
        if (offset !== undefined && offset >= 0n) this.positions.set(keyOf(topic, p), offset);
      }
    }
  }

  /** One fetch per leader, all at once; the partitions each answered. */
  private async fetch(wanted: { topic: string; partition: number }[], context: FetchContext): Promise<Answer[]> {
    const metadata = await this.consumer.metadata({ topics: [...new Set(wanted.map((w) => w.topic))] });
    const byLeader = new Map<number, Map<string, fetchV17.FetchRequestTopic>>();
    const requested = new Map<string, bigint>();
    const topicOfId = new Map<string, string>();
    for (const { topic, partition } of wanted) {
      const topicMetadata = metadata.topics.get(topic);
      const leader = topicMetadata?.partitions[partition]?.leader ?? -1;
      if (!topicMetadata || leader < 0) continue;
      const fetchOffset = this.positions.get(keyOf(topic, partition))!;
      requested.set(keyOf(topic, partition), fetchOffset);
      topicOfId.set(topicMetadata.id, topic);
      const topics = byLeader.get(leader) ?? new Map<string, fetchV17.FetchRequestTopic>();
      byLeader.set(leader, topics);
      const request = topics.get(topic) ?? { topicId: topicMetadata.id, partitions: [] };
      topics.set(topic, request);
      request.partitions.push({ partition, fetchOffset, partitionMaxBytes: this.options.maxBytesPerPartition, currentLeaderEpoch: -1, lastFetchedEpoch: -1 });
    }
    const pool = context.pool;
    const responses = await Promise.all(
      [...byLeader].map(([node, topics]) =>
        this.consumer
          .fetch({ node, topics: [...topics.values()], maxWaitTime: this.options.maxWaitTimeMs, minBytes: 1, connectionPool: pool })
          .catch((error: { response?: fetchV17.FetchResponse }) => {
            // Some partitions failed: the others' records are in the response all the same.
            if (error.response && !hasKafkaError(error, 'UNKNOWN_SERVER_ERROR')) return error.response;
            throw error;
          }),
      ),
    );
    const answers: Answer[] = [];
    const outOfRange: TopicPartitions[] = [];
    let stale = false;
    for (const response of responses) {
      for (const { topicId, partitions } of response.responses) {
        const topic = topicOfId.get(topicId);
        if (!topic) continue;
        for (const answer of partitions) {
          const key = keyOf(topic, answer.partitionIndex);
          const from = requested.get(key);
          if (from === undefined) continue;
          if (answer.errorCode === OUT_OF_RANGE) outOfRange.push({ topic, partitions: [answer.partitionIndex] });
          else if (answer.errorCode !== 0) stale = true;
          else {
            const batch = fetchedBatchOf(topic, answer, from);
            if (batch) answers.push({ key, requested: from, batch });
          }
        }
      }
    }
    // A leader moved or is being elected: the next fetch asks the new one.
    if (stale) this.consumer.clearMetadata();
    if (outOfRange.length) {
      this.options.logger.warn(`offsets out of range, reading from the ${context.fromBeginning ? 'log start' : 'log end'}: ${JSON.stringify(outOfRange)}`);
      await this.reset(outOfRange, context.fromBeginning, this.epoch);
    }
    return answers;
  }

  /** Hands the batches over, `concurrency` at a time, and moves each partition's position past what was taken. */
  private async deliver(answers: Answer[], listener: ConsumerClientListener, epoch: number): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < answers.length) {
        const { key, requested, batch } = answers[next++];
        const current = () => epoch === this.epoch && this.positions.get(key) === requested;
        if (!current() || this.paused.has(key) || this.stopping) continue;
        // The library heartbeats by itself; a held batch only learns here that the group moved on.
        const heartbeat = async () => {
          if (epoch !== this.epoch) throw new Error('the group is rebalancing');
        };
        const taken = await listener.onBatch(batch, { heartbeat });
        if (!current()) continue;
        const lastRecord = batch.records[batch.records.length - 1]?.offset;
        // A batch of control records only has nothing to take: the position moves past it all the same.
        if (batch.records.length === 0 || taken === lastRecord) this.positions.set(key, BigInt(batch.lastOffset) + 1n);
        else if (taken !== undefined) this.positions.set(key, BigInt(taken) + 1n);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, answers.length) }, lane));
  }

  /** Waits `ms`, or less when resumed, sought or stopped. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
