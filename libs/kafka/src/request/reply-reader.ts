import { randomInt } from 'node:crypto';
import { ClusterAdmin } from '../client/cluster-admin';
import { ConsumerClient, ConsumerClientListener, FetchedBatch, TopicPartitions } from '../client/consumer-client';
import { KafkaClient } from '../client/kafka-client';
import { ensureTopics } from '../admin/topic-provisioner';
import { BrokerUnavailableError } from '../errors/kafka.errors';
import { parseReply, Reply } from './request-headers';

/** Where a requester reads its replies. */
export interface ReplyReaderSettings {
  /** Full name of the shared reply topic (prefix included). */
  topic: string;
  /** Partitions to create the topic with when it is missing. */
  partitions: number;
  retentionMs: number;
  /** The requester's id: replies addressed to others on the same partition are skipped. */
  instanceId: string;
  startTimeoutMs: number;
}

/** Log lines of the reader. */
export interface ReplyReaderLog {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Reads one partition of the shared reply topic from its log end on, and hands every reply
 * addressed to this requester to `onReply`. It is the only member of a group of its own, named
 * after the requester, because one of our clients (kafkajs) can read only as a group member; it
 * never commits: where it reads is set by seek (the log end read before the first request, then
 * the position reached), so a rebalance or a restart of the membership loses no reply and the
 * group keeps no offsets (the broker forgets an empty group without offsets by itself, which is
 * what happens to the group of a requester that crashed).
 */
export class ReplyReader {
  private consumer?: ConsumerClient;
  private admin?: ClusterAdmin;
  private partition = 0;
  /** Next offset to read on our partition. */
  private position = '0';

  constructor(
    private readonly kafka: KafkaClient,
    private readonly settings: ReplyReaderSettings,
    private readonly onReply: (reply: Reply) => void,
    private readonly log: ReplyReaderLog,
    /** The membership failed for good: the requester starts a new reader at its next send. */
    private readonly onLost: (error: Error) => void,
  ) {}

  get groupId(): string {
    return `streamline-replies-${this.settings.instanceId}`;
  }

  /** The partition replies to this requester are written to; known once started. */
  get replyPartition(): number {
    return this.partition;
  }

  /** Creates the reply topic when missing, picks a partition, and joins; resolves once replies are read from the log end. */
  async start(): Promise<void> {
    const { topic, partitions, retentionMs, startTimeoutMs } = this.settings;
    this.admin = this.kafka.admin();
    await ensureTopics(this.admin, [{ name: topic, partitions, configs: { 'retention.ms': String(retentionMs) } }]);
    const [described] = await this.admin.describeTopics([topic]);
    // Requesters spread over the partitions at random: each reads one, and skips the replies of others that share it.
    this.partition = randomInt(described.partitions.length);
    const end = (await this.admin.topicOffsets(topic)).find((p) => p.partition === this.partition);
    this.position = end?.high ?? '0';

    let assigned!: () => void;
    const ready = new Promise<void>((resolve) => (assigned = resolve));
    this.consumer = this.kafka.consumer({ groupId: this.groupId, partitionsConsumedConcurrently: 1, maxWaitTimeMs: 100 });
    const listener: ConsumerClientListener = {
      onBatch: async (batch) => this.read(batch),
      onRebalancing: () => undefined,
      onAssigned: (assignment) => {
        if (this.own(assignment)) {
          this.positionOn(assignment);
          assigned();
        }
      },
      onCrash: (error, restarting) => {
        if (restarting) return this.log.warn(`reply reader restarting after: ${error.message}`);
        this.log.error(`reply reader stopped: ${error.message}; a new one starts at the next request`);
        this.onLost(error);
      },
    };
    await this.consumer.connect();
    await this.consumer.subscribe([topic], false);
    await this.consumer.run(listener);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new BrokerUnavailableError(`the reply reader did not join its group ${this.groupId} within ${startTimeoutMs} ms; nothing was sent`)),
        startTimeoutMs,
      );
    });
    await Promise.race([ready, timedOut]).finally(() => clearTimeout(timer));
  }

  private own(assignment: TopicPartitions[]): boolean {
    return assignment.some((a) => a.topic === this.settings.topic && a.partitions.includes(this.partition));
  }

  /** Reads only our partition, from where we were: the others are paused. */
  private positionOn(assignment: TopicPartitions[]): void {
    const others = assignment.map((a) => ({ topic: a.topic, partitions: a.partitions.filter((p) => a.topic !== this.settings.topic || p !== this.partition) }));
    this.consumer?.pause(others.filter((a) => a.partitions.length > 0));
    this.consumer?.seek(this.settings.topic, this.partition, this.position);
  }

  private read(batch: FetchedBatch): string {
    if (batch.topic !== this.settings.topic || batch.partition !== this.partition) return batch.lastOffset;
    for (const record of batch.records) {
      const reply = parseReply(record.headers, record.value);
      if (reply && reply.replyTo === this.settings.instanceId) this.onReply(reply);
    }
    this.position = (BigInt(batch.lastOffset) + 1n).toString();
    return batch.lastOffset;
  }

  /** Leaves and deletes the group (best effort: a group left behind is forgotten by the broker). */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    const admin = this.admin;
    this.consumer = this.admin = undefined;
    await consumer?.disconnect().catch((e) => this.log.warn(`reply reader disconnect: ${e}`));
    if (consumer) await admin?.deleteGroups([this.groupId]).catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }
}
