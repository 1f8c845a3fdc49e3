import { Logger } from '@nestjs/common';
import { CompressionAlgorithms, ProduceAcks, Producer, type MessageToProduce, type ProduceResult } from '@platformatic/kafka';
import { StreamlineError } from '@streamline/schemas';
import { PublishFailedError } from '../../errors/kafka.errors';
import { OutgoingRecord, RecordOutcome, RecordPosition, RecordSender, SenderSettings } from '../record-sender';
import { PlatformaticBaseOptions } from './platformatic-connection';
import { isProducerStateLost, toStreamlineError } from './platformatic-errors';
import { logEventsOf } from './platformatic-log';

/** Attempts to reach the cluster when connecting; sends themselves retry without limit. */
const CONNECT_RETRIES = 5;

const toBuffer = (data: Buffer | string | null): Buffer | undefined => (data === null ? undefined : typeof data === 'string' ? Buffer.from(data) : data);

/** A record as the library sends it. */
export function messageOf(r: OutgoingRecord): MessageToProduce<Buffer, Buffer, string, Buffer> {
  return {
    topic: r.topic,
    partition: r.partition,
    key: toBuffer(r.key),
    value: toBuffer(r.value),
    // A repeated header keeps its first value, as headerString reads it.
    headers: Object.fromEntries(Object.entries(r.headers).map(([name, value]) => [name, toBuffer(Array.isArray(value) ? value[0] : value)!])),
  };
}

/**
 * RecordSender over an idempotent @platformatic/kafka producer with acks from all in-sync
 * replicas. Each partition's records go in a send of their own, all partitions at once. The
 * library retries retriable errors (timeouts among them) without limit, so a send ends with the
 * records written or with an error that no retry can mend; after a failed send it takes a new
 * producer id, so no later record can reuse the sequence numbers of one whose outcome is
 * unknown. When the broker no longer accepts the producer's id or sequence, the producer is
 * replaced as a whole.
 */
export class PlatformaticRecordSender implements RecordSender {
  private producer: Producer<Buffer, Buffer, string, Buffer>;
  private opened?: Promise<void>;
  private isConnected = false;
  private readonly logger = new Logger('platformatic-kafka');

  constructor(
    private readonly base: PlatformaticBaseOptions,
    private readonly settings: SenderSettings,
  ) {
    this.producer = this.createProducer();
  }

  get connected(): boolean {
    return this.isConnected;
  }

  private createProducer(): Producer<Buffer, Buffer, string, Buffer> {
    const producer = new Producer<Buffer, Buffer, string, Buffer>({
      ...this.base,
      timeout: this.settings.requestTimeoutMs,
      requestTimeout: this.settings.requestTimeoutMs + 1_000,
      idempotent: true,
      acks: ProduceAcks.ALL,
      retries: Number.MAX_SAFE_INTEGER,
      autocreateTopics: false,
      // Header names are given as strings and written as bytes; values are bytes already.
      serializers: { headerKey: (name?: string) => (name === undefined ? undefined : Buffer.from(name)) },
      compression: this.settings.compression === 'gzip' ? CompressionAlgorithms.GZIP : CompressionAlgorithms.NONE,
    });
    logEventsOf(producer, this.logger);
    return producer;
  }

  connect(): Promise<void> {
    this.opened ??= this.producer
      .metadata({ topics: [], retries: CONNECT_RETRIES })
      .then(() => {
        this.isConnected = true;
      })
      .catch((error: unknown) => {
        this.opened = undefined;
        throw toStreamlineError(error, 'could not connect to Kafka');
      });
    return this.opened;
  }

  async send(records: OutgoingRecord[]): Promise<RecordOutcome[]> {
    if (records.length === 0) return [];
    const producer = this.producer;
    try {
      await this.connect();
      const refused = await this.partitionsMissing(producer, records);
      if (refused.size > 0) {
        const sendable = records.filter((_, i) => !refused.has(i));
        const outcomes = await this.send(sendable);
        let next = 0;
        return records.map((_, i) => refused.get(i) ?? outcomes[next++]);
      }
    } catch (error) {
      const failure = toStreamlineError(error, 'Kafka did not take the records', `WRITE on topic ${topicsOf(records)}`);
      return records.map(() => failure);
    }
    // One send per partition: the library routes a send's retries to the leader of its first
    // record's partition, so a send holding partitions whose leaders part after a failover
    // would be refused by the new leader of the others at every retry, forever.
    const groups = groupByPartition(records);
    const outcomes = await Promise.allSettled(groups.map((group) => producer.send({ messages: group.map((i) => messageOf(records[i]!)) })));
    const results: RecordOutcome[] = new Array(records.length);
    let stateLost = false;
    const missing = toStreamlineError(new Error('Kafka answered without this partition'), 'Kafka did not take the records');
    outcomes.forEach((outcome, n) => {
      const group = groups[n]!;
      const sent = group.map((i) => records[i]!);
      if (outcome.status === 'fulfilled') {
        positionsOf(sent, outcome.value.offsets ?? []).forEach((position, k) => (results[group[k]!] = position ?? missing));
        return;
      }
      stateLost ||= isProducerStateLost(outcome.reason);
      const failure = toStreamlineError(outcome.reason, 'Kafka did not take the records', `WRITE on topic ${sent[0]!.topic}`);
      group.forEach((i) => (results[i] = failure));
    });
    if (stateLost && this.producer === producer) await this.replace(producer);
    return results;
  }

  /**
   * Records for a partition their topic does not have, by index, with the error they get. The
   * library would write them to `partition % count`, silently breaking the caller's key order.
   */
  private async partitionsMissing(producer: Producer<Buffer, Buffer, string, Buffer>, records: OutgoingRecord[]): Promise<Map<number, StreamlineError>> {
    // Bounded: the producer's own retries are without limit, for sends.
    const metadata = await producer.metadata({ topics: [...new Set(records.map((r) => r.topic))], retries: CONNECT_RETRIES });
    const refused = new Map<number, StreamlineError>();
    for (const [i, { topic, partition }] of records.entries()) {
      const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
      if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
        refused.set(
          i,
          new PublishFailedError(`partition ${partition} does not exist on topic ${topic} (${count} partitions)`, { context: { topic, partition } }),
        );
      }
    }
    return refused;
  }

  async disconnect(timeoutMs: number): Promise<void> {
    this.isConnected = false;
    await closeWithin(this.producer, timeoutMs);
  }

  /** The next send goes through a producer with a new id; the records are sent again by their caller. */
  private async replace(old: Producer<Buffer, Buffer, string, Buffer>): Promise<void> {
    this.logger.warn('the broker no longer accepts the producer id; a new producer takes over');
    this.producer = this.createProducer();
    this.opened = undefined;
    this.isConnected = false;
    await old.close(true).catch(() => undefined);
  }
}

/** Indexes of the records, one list per topic and partition, each in the order given. */
function groupByPartition(records: OutgoingRecord[]): number[][] {
  const groups = new Map<string, number[]>();
  records.forEach(({ topic, partition }, i) => {
    const key = `${topic}:${partition}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

const topicsOf = (records: OutgoingRecord[]) => [...new Set(records.map((r) => r.topic))].join(', ');

/**
 * Each record's position: Kafka answers the base offset of each partition's batch, and the
 * records of one partition sit in it in the order sent. Undefined for records of partitions
 * without an answer.
 */
function positionsOf(records: OutgoingRecord[], offsets: NonNullable<ProduceResult['offsets']>): (RecordPosition | undefined)[] {
  const next = new Map(offsets.map((o) => [`${o.topic}:${o.partition}`, o.offset]));
  return records.map(({ topic, partition }) => {
    const key = `${topic}:${partition}`;
    const offset = next.get(key);
    if (offset === undefined) return undefined;
    next.set(key, offset + 1n);
    return { topic, partition, offset: offset.toString() };
  });
}

/** Closes a client, forcing it shut after `timeoutMs` when requests are still in flight. */
export async function closeWithin(client: { close(force?: boolean): Promise<void> }, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([
    client.close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  if (outcome !== 'closed') await client.close(true).catch(() => undefined);
}
