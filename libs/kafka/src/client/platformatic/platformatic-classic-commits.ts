import { ConnectionPool, Consumer, ConnectionOptions, offsetCommitV8 } from '@platformatic/kafka';
import { CommitOffset } from '../consumer-client';
import { describeError, hasKafkaError } from './platformatic-errors';

type OffsetCommitTopic = Parameters<typeof offsetCommitV8.api.async>[5][number];

/** How long a join waits for the running records and their commit (the other members wait for this one's join). */
const JOIN_WAITS_FOR_COMMIT_MS = 5_000;

/** Kafka's answers when the group has moved to another generation than the commit's. */
const GROUP_MOVED_ON = ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID'];

/**
 * How a member of a classic group commits, where the library's own commit would hurt a rebalance:
 *
 * - The commit at the start of a rebalance (what settled so far) must reach the coordinator before
 *   this member joins again: once every member has joined, the group is past the generation the
 *   commit names and refuses it, which leaves what settled since the last commit to the
 *   partitions' next owners. The library sends its JoinGroup as soon as a heartbeat hears of the
 *   rebalance, on the connection the commit would take, so here commits go on a connection of
 *   their own, and the join waits (`beforeJoin`, called for the join's protocol metadata, at most
 *   5 s) until the records running when the rebalance began have settled and are committed, as
 *   the Java client finishes and commits in `onPartitionsRevoked` before it rejoins.
 * - The library answers a refused commit by joining the group again and committing once more.
 *   That join reaches a group already stable again with this member's new owned partitions, so
 *   Kafka starts one more rebalance ("Updating metadata for member … during Stable"), whose
 *   commits can be refused the same way: a rolling deploy under load became a chain of
 *   rebalances, each handing over records still in flight (up to 1.5 % redelivered). Here a
 *   refused commit is left as kafkajs leaves it: it fails, what settled since the last commit is
 *   read again by the partition's next owner (the idempotency guard skips it), and the group
 *   rebalances only when a member comes or goes. The joins the client asks for pass.
 */
export class ClassicGroupCommits {
  private readonly pool: ConnectionPool;
  /** The coordinator's address, learnt after each join (asking for metadata at commit time could wait behind a JoinGroup too). */
  private coordinator?: { id: number; broker: { host: string; port: number } };
  private joining = false;
  /** What the next join waits for: the runtime settling and committing what ran when the rebalance began. */
  private held: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly consumer: Consumer,
    clientId: string,
    connection: ConnectionOptions,
    private readonly groupId: string,
    private readonly groupInstanceId: string | undefined,
    private readonly debug: (message: string) => void,
  ) {
    this.pool = new ConnectionPool(clientId, connection);
    this.refuseJoinsFromCommits();
    consumer.on('consumer:group:join', () => void this.learnCoordinator());
  }

  /** Runs `join` (the library's `consume`, which joins) with the library's joinGroup allowed. */
  async whileJoining<T>(join: () => Promise<T>): Promise<T> {
    this.joining = true;
    try {
      return await join();
    } finally {
      this.joining = false;
    }
  }

  /**
   * Commits on this member's own connection to the coordinator, or with `library` (the library's
   * commit, which finds the coordinator) when it is not known yet or cannot be reached there. A
   * refusal by the group (it moved to another generation) is thrown as it is.
   */
  async commit(offsets: CommitOffset[], library: () => Promise<void>): Promise<void> {
    if (!(await this.commitHere(offsets))) await library();
  }

  /** A rebalance began: the next join waits for `settled` (see `beforeJoin`). */
  holdJoinUntil(settled: Promise<void> | void): void {
    this.held = Promise.resolve(settled).catch(() => undefined);
  }

  /**
   * Resolves once what ran when the rebalance began has settled and is committed, or after
   * `boundMs`: the other members wait for this one's join meanwhile (up to the rebalance timeout).
   */
  async beforeJoin(boundMs = JOIN_WAITS_FOR_COMMIT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.held, new Promise((resolve) => (timer = setTimeout(resolve, boundMs)))]);
    clearTimeout(timer);
  }

  private async commitHere(offsets: CommitOffset[]): Promise<boolean> {
    const { coordinatorId, memberId, generationId } = this.consumer;
    const broker = this.coordinator?.id === coordinatorId ? this.coordinator.broker : undefined;
    if (!broker || !memberId) {
      void this.learnCoordinator();
      return false;
    }
    const topics = new Map<string, OffsetCommitTopic>();
    for (const o of offsets) {
      const topic = topics.get(o.topic) ?? { name: o.topic, partitions: [] };
      topic.partitions.push({ partitionIndex: o.partition, committedOffset: BigInt(o.offset), committedLeaderEpoch: -1, committedMetadata: null });
      topics.set(o.topic, topic);
    }
    try {
      const connection = await this.pool.get(broker);
      await offsetCommitV8.api.async(connection, this.groupId, generationId, memberId, this.groupInstanceId ?? null, [...topics.values()]);
      return true;
    } catch (error) {
      if (GROUP_MOVED_ON.some((id) => hasKafkaError(error, id))) throw error;
      this.debug(`commit on the coordinator's connection failed, committing through the library: ${describeError(error)}`);
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => undefined);
  }

  private refuseJoinsFromCommits(): void {
    type JoinCallback = (error: Error | null, memberId?: string) => void;
    const joinGroup = this.consumer.joinGroup.bind(this.consumer) as (options: object, callback?: JoinCallback) => unknown;
    const refused = () => new Error('Kafka refused the commit: the group has moved to another generation');
    (this.consumer as { joinGroup: unknown }).joinGroup = (options: object = {}, callback?: JoinCallback) => {
      if (this.joining) return joinGroup(options, callback);
      if (callback) return callback(refused());
      return Promise.reject(refused());
    };
  }

  private async learnCoordinator(): Promise<void> {
    const id = this.consumer.coordinatorId;
    if (id === null) return;
    const broker = (await this.consumer.metadata({ topics: [] }).catch(() => undefined))?.brokers.get(id);
    if (broker && this.consumer.coordinatorId === id) this.coordinator = { id, broker: { host: broker.host, port: broker.port } };
  }
}
