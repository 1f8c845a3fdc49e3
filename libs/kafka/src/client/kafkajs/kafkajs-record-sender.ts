import { Logger } from '@nestjs/common';
import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { BrokerUnavailableError, PublishFailedError } from '../../errors/kafka.errors';
import { withDeadline } from '../../producer/with-deadline';
import { OutgoingRecord, RecordOutcome, RecordPosition, RecordSender, SenderSettings } from '../record-sender';
import { toStreamlineError } from './kafkajs-error-mapping';

/** The records of one partition within a batch, by index. */
interface PartitionGroup {
  topic: string;
  partition: number;
  indexes: number[];
}

function groupByPartition(records: OutgoingRecord[]): PartitionGroup[] {
  const groups = new Map<string, PartitionGroup>();
  records.forEach((r, i) => {
    const slot = `${r.topic}\u0000${r.partition}`;
    const group = groups.get(slot);
    if (group) group.indexes.push(i);
    else groups.set(slot, { topic: r.topic, partition: r.partition, indexes: [i] });
  });
  return [...groups.values()];
}

/**
 * RecordSender over kafkajs: owns an idempotent kafkajs producer and turns a batch of
 * partitioned records into produce requests, one per partition leader, reporting each record's
 * outcome. Replaces the kafkajs producer when a broker stops accepting its sequence numbers.
 */
export class KafkajsRecordSender implements RecordSender {
  private readonly logger = new Logger('KafkaProducer');
  private producer: Producer;
  private connecting?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: SenderSettings,
  ) {
    this.producer = this.createProducer();
  }

  private createProducer(): Producer {
    const producer = this.kafka.producer({
      idempotent: true,
      // One request per broker at a time; the batcher already keeps one batch in flight overall.
      maxInFlightRequests: 1,
      // A produce request whose outcome is unknown (timeout, lost connection) is retried with the
      // same sequence numbers until Kafka answers, so the broker recognises a batch it already
      // appended. Giving up would let kafkajs hand those sequence numbers to the next, different
      // records, which the broker would then drop as duplicates while acknowledging them.
      // Callers are never held by this: publishTimeoutMs bounds every publish.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1000 },
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    producer.on('producer.disconnect', () => {
      if (this.producer === producer) this.connecting = undefined;
    });
    return producer;
  }

  /**
   * The broker no longer accepts this producer id's sequence (its state was lost or fenced):
   * every later batch would fail the same way. A new kafkajs producer gets a new producer id.
   */
  private async replaceProducer(reason: string): Promise<void> {
    const old = this.producer;
    this.logger.warn(`replacing the Kafka producer: ${reason}`);
    this.producer = this.createProducer();
    this.connecting = undefined;
    await withDeadline(old.disconnect(), 5_000, 'disconnect timed out').catch(() => undefined);
  }

  /**
   * One kafkajs request per partition leader, all at once; per broker, kafkajs sends them one
   * after another. kafkajs keeps the answers of a multi-broker request per broker across its
   * retries: when a dead leader's partitions move to a broker that had already answered, they
   * are never resent and the request still resolves (kafkajs #1303, #1798). A request for one
   * leader's partitions has no other broker's answer to confuse, and every partition must
   * still come back with an offset of its own: one that does not (a second failover within the
   * same request), or a request that failed as a whole, is sent again one partition per
   * request, so each partition reports its own outcome. Records the broker had already
   * appended are recognised by their idempotent sequence numbers and not written twice.
   */
  async send(records: OutgoingRecord[]): Promise<RecordOutcome[]> {
    const byLeader = new Map<number, PartitionGroup[]>();
    for (const group of groupByPartition(records)) {
      const leader = this.settings.leaderOf?.(group.topic, group.partition) ?? -1;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), group]);
    }
    const positions: RecordPosition[] = new Array(records.length);
    const producer = this.producer;
    const unanswered = (
      await Promise.all([...byLeader.values()].map((groups) => this.request(producer, records, groups, positions).catch(() => groups)))
    ).flat();
    if (unanswered.length === 0) return positions;

    // Wait for every partition's request, so a producer is never replaced under one still running.
    const outcomes = await Promise.allSettled(
      unanswered.map(async (group) => {
        const missing = await this.request(producer, records, [group], positions);
        if (missing.length > 0) throw new PublishFailedError(`Kafka's answer for ${group.topic}/${group.partition} carries no offset`);
      }),
    );
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failures.length === 0) return positions;
    const fatal = failures.map((f) => producerStateLost(f.reason)).find(Boolean);
    if (fatal && this.producer === producer) await this.replaceProducer(fatal);
    // Partitions fail or succeed on their own; each record reports its own partition's outcome.
    const results: RecordOutcome[] = positions.slice();
    unanswered.forEach(({ indexes, topic }, n) => {
      const outcome = outcomes[n];
      if (outcome.status === 'fulfilled') return;
      const error = producerStateLost(outcome.reason)
        ? new BrokerUnavailableError(`Kafka refused the producer's sequence (${fatal}); these records were not written, retry`, { cause: outcome.reason })
        : toStreamlineError(outcome.reason, `publishing ${indexes.length} event(s) failed`, `WRITE on topic ${topic}`);
      indexes.forEach((i) => (results[i] = error));
    });
    return results;
  }

  /** One produce request for `groups`; fills in the positions of the answered ones and returns the rest. */
  private async request(producer: Producer, records: OutgoingRecord[], groups: PartitionGroup[], positions: RecordPosition[]): Promise<PartitionGroup[]> {
    const byTopic = new Map<string, PartitionGroup[]>();
    groups.forEach((g) => byTopic.set(g.topic, [...(byTopic.get(g.topic) ?? []), g]));
    const answers = await producer.sendBatch({
      acks: -1,
      timeout: this.settings.requestTimeoutMs,
      compression: this.settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, partitions]) => ({
        topic,
        messages: partitions.flatMap(({ partition, indexes }) =>
          indexes.map((i) => ({ key: records[i].key, value: records[i].value, headers: records[i].headers, partition })),
        ),
      })),
    });
    return groups.filter(({ topic, partition, indexes }) => {
      const answer = answers.find((a) => a.topicName === topic && a.partition === partition);
      if (answer?.baseOffset === undefined || answer.errorCode !== 0) return true;
      // Records of one partition are appended in the order sent: base offset + rank.
      const base = BigInt(answer.baseOffset);
      indexes.forEach((i, rank) => (positions[i] = { topic, partition, offset: (base + BigInt(rank)).toString() }));
      return false;
    });
  }

  /** True once the producer has a live connection. */
  get connected(): boolean {
    return this.connecting !== undefined;
  }

  async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error) => {
      this.connecting = undefined;
      throw toStreamlineError(error, 'connecting the producer failed');
    });
    return this.connecting;
  }

  /** Disconnects, waiting at most `timeoutMs`. */
  async disconnect(timeoutMs: number): Promise<void> {
    await withDeadline(this.producer.disconnect(), timeoutMs, 'disconnect timed out').catch((error) => this.logger.warn(`producer disconnect: ${error}`));
  }
}

const PRODUCER_STATE_LOST = /OUT_OF_ORDER_SEQUENCE_NUMBER|UNKNOWN_PRODUCER_ID|INVALID_PRODUCER_EPOCH|INVALID_PRODUCER_ID_MAPPING|PRODUCER_FENCED/;

/** The error type when the broker no longer accepts this producer's id or sequence, else undefined. */
function producerStateLost(error: unknown, depth = 0): string | undefined {
  const e = error as { type?: string; originalError?: unknown; cause?: unknown } | undefined;
  if (!e || depth > 5) return undefined;
  if (PRODUCER_STATE_LOST.test(e.type ?? '')) return e.type;
  return producerStateLost(e.originalError, depth + 1) ?? producerStateLost(e.cause, depth + 1);
}
