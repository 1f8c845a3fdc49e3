import { KafkaHeaders } from '@streamline/schemas';
import { KafkaClient } from '../client/kafka-client';
import { OutgoingRecord, RecordPosition, RecordSender, sendAll } from '../client/record-sender';
import { PartitionResolver } from './partition-resolver';

/** A record whose partition may be left to its key. */
export interface KeyedRecord {
  key: Buffer | string | null;
  value: Buffer | string | null;
  /** Headers; names whose value is undefined are left out. */
  headers: KafkaHeaders;
  /** Default: murmur2 of the key, as Kafka's Java client places it; a record without key goes to a random partition. */
  partition?: number;
}

/**
 * Writes records that carry a key, placing each the way Kafka's Java client would, through the
 * client's RecordSender (idempotent, acks=all). For tools that copy or re-drive records; the
 * service's publishing goes through ProducerService.
 */
export class KeyedSender {
  private readonly partitions: PartitionResolver;
  private readonly sender: RecordSender;

  constructor(kafka: KafkaClient, requestTimeoutMs = 10_000) {
    this.partitions = new PartitionResolver(kafka.admin());
    this.sender = kafka.sender({ requestTimeoutMs, compression: 'none', leaderOf: (topic, partition) => this.partitions.leaderOf(topic, partition) });
  }

  connect(): Promise<void> {
    return this.sender.connect();
  }

  /** Writes `records` to `topic` in one request per leader, in order; rejects with the first failure. */
  async send(topic: string, records: KeyedRecord[]): Promise<RecordPosition[]> {
    return this.sendMany(records.map((record) => ({ topic, record })));
  }

  /** Like `send`, for records bound to several topics. */
  async sendMany(items: { topic: string; record: KeyedRecord }[]): Promise<RecordPosition[]> {
    await this.partitions.load(items.map((i) => i.topic));
    return sendAll(
      this.sender,
      items.map(({ topic, record }) => ({
        topic,
        partition: record.partition ?? this.partitionOf(topic, record.key),
        key: record.key,
        value: record.value,
        headers: definedHeaders(record.headers),
      })),
    ).catch((error) => {
      items.forEach((i) => this.partitions.forget(i.topic));
      throw error;
    });
  }

  async disconnect(): Promise<void> {
    await this.sender.disconnect(5_000);
    await this.partitions.close().catch(() => undefined);
  }

  private partitionOf(topic: string, key: Buffer | string | null): number {
    if (key === null) return Math.floor(Math.random() * this.partitions.partitionCount(topic));
    return this.partitions.partitionOf(topic, key);
  }
}

function definedHeaders(headers: KafkaHeaders): OutgoingRecord['headers'] {
  const result: OutgoingRecord['headers'] = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}
