import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { CommitOffset, ConsumerClient, ConsumerClientListener, ConsumerSettings, FetchedBatch, TopicPartitions } from '../consumer-client';
import { ownedNumbersOf } from '../co-partition-plan';
import { coPartitionAssigner } from './co-partition-assigner';

/** ConsumerClient over a kafkajs consumer with manual commits and the co-partition assigner. */
export class KafkajsConsumerClient implements ConsumerClient {
  private readonly consumer: Consumer;
  /** The partition numbers of this member's assignment, which the sticky assignor keeps where it can. */
  private owned: number[] = [];

  constructor(
    kafka: Kafka,
    private readonly settings: ConsumerSettings,
  ) {
    this.consumer = kafka.consumer({
      groupId: settings.groupId,
      allowAutoTopicCreation: false,
      ...(settings.coPartitioned ? { partitionAssigners: [coPartitionAssigner(() => this.owned)] } : {}),
      sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: settings.maxBytesPerPartition ?? 256 * 1024,
      // A fetch waits at most this long for records. It also sets how long kafkajs 2.2.4 sleeps
      // when back-pressure has paused every partition of a broker (consumerGroup.js sleeps
      // maxWaitTime when it has no fetch to make, and resume() does not wake it): at 1000 ms the
      // runtime was capped at one in-flight bound per second. 100 ms keeps that pause short.
      maxWaitTimeInMs: settings.maxWaitTimeMs ?? 100,
    });
  }

  connect(): Promise<void> {
    return this.consumer.connect();
  }

  subscribe(topics: string[], fromBeginning: boolean): Promise<void> {
    return this.consumer.subscribe({ topics, fromBeginning });
  }

  async run(listener: ConsumerClientListener): Promise<void> {
    const { GROUP_JOIN, REBALANCING, CRASH, END_BATCH_PROCESS } = this.consumer.events;
    // Batches of only control records or aborted transactions never reach eachBatch.
    this.consumer.on(END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0) listener.onEmptyBatch?.(payload.topic, payload.partition, payload.lastOffset);
    });
    this.consumer.on(REBALANCING, () => listener.onRebalancing());
    this.consumer.on(GROUP_JOIN, (event) => {
      const assignment = Object.entries(event.payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions }));
      this.owned = ownedNumbersOf(assignment);
      listener.onAssigned(assignment);
    });
    this.consumer.on(CRASH, (event) => listener.onCrash(event.payload.error, event.payload.restart));
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.deliver(payload, listener),
    });
  }

  /**
   * Hands the batch over and marks it fetched, so kafkajs reads on; what is committed is
   * decided by the runtime alone (autoCommit is off, and kafkajs re-reads a partition from its
   * committed offset after every rebalance).
   */
  private async deliver({ batch, resolveOffset, heartbeat }: EachBatchPayload, listener: ConsumerClientListener): Promise<void> {
    if (batch.messages.length === 0) return;
    const fetched: FetchedBatch = {
      topic: batch.topic,
      partition: batch.partition,
      highWatermark: batch.highWatermark,
      lastOffset: batch.lastOffset(),
      records: batch.messages.map((m) => ({
        offset: m.offset,
        key: m.key ?? null,
        value: m.value ?? null,
        headers: (m.headers ?? {}) as FetchedBatch['records'][number]['headers'],
        timestamp: m.timestamp,
      })),
    };
    const lastTaken = await listener.onBatch(fetched, { heartbeat });
    if (lastTaken !== undefined) resolveOffset(lastTaken);
  }

  pause(partitions: TopicPartitions[]): void {
    if (partitions.length) this.consumer.pause(partitions);
  }

  resume(partitions: TopicPartitions[]): void {
    if (partitions.length) this.consumer.resume(partitions);
  }

  seek(topic: string, partition: number, offset: string): void {
    this.consumer.seek({ topic, partition, offset });
  }

  /** kafkajs has no transactional offset commit with the member's generation (KIP-447). */
  member(): undefined {
    return undefined;
  }

  commit(offsets: CommitOffset[]): Promise<void> {
    return this.consumer.commitOffsets(offsets.map(({ topic, partition, offset, metadata }) => ({ topic, partition, offset, metadata: metadata ?? null })));
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }
}
