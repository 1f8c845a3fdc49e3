import { GroupMember } from '../transactional-sender';
import { Logger } from '@nestjs/common';
import {
  ConnectionPool,
  Consumer,
  GroupProtocols,
  MessagesStream,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  type GroupAssignment,
} from '@platformatic/kafka';
import { CommitOffset, ConsumerClient, ConsumerClientListener, ConsumerSettings, TopicPartitions } from '../consumer-client';
import { encodeOwnedPartitions, ownedNumbersOf } from '../co-partition-plan';
import { ClassicGroupCommits } from './platformatic-classic-commits';
import { CO_PARTITION_PROTOCOL, coPartitionAssigner } from './platformatic-co-partition-assigner';
import { PlatformaticBaseOptions } from './platformatic-connection';
import { describeError } from './platformatic-errors';
import { PartitionFetcher } from './platformatic-partition-fetcher';
import { logEventsOf } from './platformatic-log';

/** How long `run` keeps trying to join the group. */
const JOIN_PATIENCE_MS = 60_000;

/**
 * ConsumerClient over a @platformatic/kafka consumer. The library keeps the group membership
 * (JoinGroup/SyncGroup or KIP-848 heartbeats, static membership, our co-partition assignor); the
 * records are fetched by `PartitionFetcher` with the library's `fetch`, because its message stream
 * cannot pause single partitions, read a partition again from an offset, or leave records for a
 * later fetch — all of which the runtime needs. The stream the library requires to join is
 * opened and never read (it fetches nothing while nobody reads it); the fetches use connections of
 * their own.
 */
export class PlatformaticConsumerClient implements ConsumerClient {
  private readonly consumer: Consumer;
  private readonly logger = new Logger('platformatic-kafka');
  private readonly fetcher: PartitionFetcher;
  /** Connections of the fetches: a fetch waiting on the broker never delays a heartbeat or a commit. */
  private readonly pool: ConnectionPool;
  /** Commits on the classic protocol, around the library's own (undefined on KIP-848). */
  private readonly classic?: ClassicGroupCommits;
  private topics: string[] = [];
  private fromBeginning = false;
  private membership?: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  private listener?: ConsumerClientListener;
  /** The library's assignment last handed to the runtime (the library replaces the array at every change). */
  private handedOver: GroupAssignment[] | null = null;
  /** The assignment a rebalance started from: not to be handed over again (KIP-848 replaces it a moment later). */
  private outdated: GroupAssignment[] | null = null;
  private stopped = false;

  constructor(
    base: PlatformaticBaseOptions,
    private readonly settings: ConsumerSettings,
  ) {
    const kip848 = settings.groupProtocol === 'consumer';
    this.consumer = new Consumer({
      ...base,
      groupId: settings.groupId,
      ...(settings.groupInstanceId ? { groupInstanceId: settings.groupInstanceId } : {}),
      autocommit: false,
      maxWaitTime: settings.maxWaitTimeMs ?? 100,
      ...(kip848
        ? { groupProtocol: GroupProtocols.CONSUMER, ...(settings.coPartitioned ? { groupRemoteAssignor: 'range' } : {}) }
        : {
            groupProtocol: GroupProtocols.CLASSIC,
            sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
            heartbeatInterval: 3_000,
            rebalanceTimeout: 60_000,
            ...(settings.coPartitioned
              ? {
                  protocols: [CO_PARTITION_PROTOCOL],
                  partitionAssigner: coPartitionAssigner,
                  // The partition numbers held, so the sticky assignor keeps them here where it can;
                  // sent once the commit of what settled before the rebalance has been answered.
                  protocolsMetadata: async () => {
                    await this.classic?.beforeJoin();
                    return encodeOwnedPartitions(ownedNumbersOf(this.consumer.assignments ?? []));
                  },
                }
              : {}),
          }),
    });
    logEventsOf(this.consumer, this.logger, (error) => this.crashed(error));
    const { clientId, connectTimeout, requestTimeout, tls, sasl } = base;
    const connection = { connectTimeout, requestTimeout, ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) };
    this.pool = new ConnectionPool(clientId, connection);
    if (!kip848)
      this.classic = new ClassicGroupCommits(this.consumer, clientId, connection, settings.groupId, settings.groupInstanceId, (message) =>
        this.logger.debug(message),
      );
    this.fetcher = new PartitionFetcher(this.consumer, {
      maxWaitTimeMs: settings.maxWaitTimeMs ?? 100,
      maxBytesPerPartition: settings.maxBytesPerPartition ?? 256 * 1024,
      concurrency: Math.max(1, settings.partitionsConsumedConcurrently),
      logger: this.logger,
    });
  }

  async connect(): Promise<void> {
    await this.consumer.metadata({ topics: [] });
  }

  async subscribe(topics: string[], fromBeginning: boolean): Promise<void> {
    this.topics = [...new Set([...this.topics, ...topics])];
    this.fromBeginning = fromBeginning;
  }

  async run(listener: ConsumerClientListener): Promise<void> {
    this.listener = listener;
    // An eager rebalance (classic) or a revocation (KIP-848) starts: fetches in flight are dropped.
    this.consumer.on('consumer:group:rebalance', () => this.rebalancing());
    await this.joinPatiently();
    this.fetcher.start({
      listener,
      fromBeginning: this.fromBeginning,
      pool: this.pool,
      assignment: () => this.currentAssignment(),
    });
  }

  pause(partitions: TopicPartitions[]): void {
    this.fetcher.pause(partitions);
  }

  resume(partitions: TopicPartitions[]): void {
    this.fetcher.resume(partitions);
  }

  seek(topic: string, partition: number, offset: string): void {
    this.fetcher.seek(topic, partition, BigInt(offset));
  }

  member(): GroupMember | undefined {
    const { memberId, generationId, coordinatorId } = this.consumer;
    return memberId ? { memberId, generationId, coordinatorId: coordinatorId ?? undefined } : undefined;
  }

  async commit(offsets: CommitOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const library = () =>
      this.consumer.commit({ offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })) });
    await (this.classic ? this.classic.commit(offsets, library) : library());
  }

  async disconnect(): Promise<void> {
    this.stopped = true;
    await this.fetcher.stop();
    await this.pool.close().catch(() => undefined);
    await this.classic?.close();
    const membership = this.membership;
    this.membership = undefined;
    await membership?.close().catch(() => undefined);
    await this.consumer.close(true).catch((error: unknown) => this.logger.warn(`leaving the group: ${describeError(error)}`));
  }

  /**
   * The library gives up joining after its 5 retries (about a second); a new cluster's group
   * coordinator takes longer to load (`__consumer_offsets` is created on the first join), so the
   * join is tried again for up to a minute, as kafkajs does.
   */
  private async joinPatiently(): Promise<void> {
    const deadline = Date.now() + JOIN_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.join();
      } catch (error) {
        if (this.stopped || Date.now() > deadline) throw error;
        // Tracked again on the next attempt, which makes the library join again.
        this.consumer.topics.untrackAll(...this.topics);
        this.logger.warn(`joining group ${this.settings.groupId} failed (attempt ${attempt}), retrying: ${describeError(error)}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5_000)));
      }
    }
  }

  /** Joins the group through a message stream that is never read, and keeps one open while running. */
  private async join(): Promise<void> {
    const consume = () =>
      this.consumer.consume({
        topics: this.topics,
        autocommit: false,
        mode: MessagesStreamModes.COMMITTED,
        fallbackMode: this.fromBeginning ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
        // Resuming a stream starts one fetch before the 'resume' listener below pauses it again:
        // keep what such a fetch can bring (and the stream keeps unread) to a batch per partition.
        maxBytes: 1,
        maxBytesPerPartition: 1,
        highWaterMark: 1,
      });
    const stream = await (this.classic ? this.classic.whileJoining(consume) : consume());
    this.membership = stream;
    // The library resumes its streams after a KIP-848 revocation; this one must stay idle.
    stream.on('resume', () => {
      if (this.membership === stream && !this.stopped) stream.pause();
    });
    stream.on('error', (error) => this.logger.warn(`group membership stream: ${describeError(error)}`));
    // Closing the stream would take its topics out of the subscription: open another one.
    stream.once('close', () => {
      if (this.membership !== stream || this.stopped) return;
      this.membership = undefined;
      this.join().catch((error: unknown) => this.crashed(error as Error));
    });
  }

  /**
   * The assignment to fetch, or undefined while the group rebalances. A new assignment is handed
   * to the runtime first (after `onRebalancing` when it follows an earlier one), and the fetcher
   * reads every assigned partition again from its committed offset.
   */
  private currentAssignment(): TopicPartitions[] | undefined {
    const current = this.consumer.assignments;
    if (!current || current === this.outdated || !this.consumer.isActive()) return undefined;
    if (current !== this.handedOver) {
      if (this.handedOver) void this.listener?.onRebalancing();
      this.handedOver = current;
      const assignment = current.filter((a) => a.partitions.length > 0).map((a) => ({ topic: a.topic, partitions: [...a.partitions].sort((x, y) => x - y) }));
      this.fetcher.assign(assignment);
      this.listener?.onAssigned(assignment);
      return assignment;
    }
    return this.fetcher.assigned();
  }

  private rebalancing(): void {
    this.outdated = this.consumer.assignments;
    this.fetcher.drop();
    if (this.handedOver) {
      this.handedOver = null;
      this.classic?.holdJoinUntil(this.listener?.onRebalancing());
    }
  }

  /** The library gave up (e.g. rejoining failed after its retries): this member is out of the group. */
  private crashed(error: Error): void {
    if (this.stopped) return;
    this.fetcher.drop();
    this.handedOver = null;
    this.listener?.onCrash(error, false);
  }
}
