import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Partitioners, Producer, CompressionTypes, Message } from 'kafkajs';
import { createEnvelope, encodeEnvelope, EncodedRecord, EventEnvelope, NewEvent } from '@streamline/schemas';
import { KAFKA_CLIENT } from '../kafka.constants';
import { MODULE_OPTIONS_TOKEN } from '../kafka.constants';
import { KafkaModuleOptions } from '../kafka.options';
import { toStreamlineError } from './kafka-error-mapping';
import { PublishResult } from './publish-result';
import { PartitionResolver } from './partition-resolver';

/**
 * Publishes validated events: idempotent producer, acks=all, per-key order kept by
 * partitioning on the event's key. Validation happens before anything is sent.
 */
@Injectable()
export class ProducerService implements OnApplicationShutdown {
  private readonly logger = new Logger(ProducerService.name);
  private readonly producer: Producer;
  private readonly partitions: PartitionResolver;
  private connecting?: Promise<void>;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    this.partitions = new PartitionResolver(kafka);
    this.producer.on('producer.disconnect', () => (this.connecting = undefined));
  }

  /** Validates and publishes one event. Throws SchemaValidationError, BrokerUnavailableError or PublishFailedError. */
  async publish<T extends object>(event: NewEvent<T>): Promise<PublishResult> {
    const [result] = await this.publishBatch([event]);
    return result;
  }

  /** Validates every event first (all or nothing), then publishes them in one request per topic. */
  async publishBatch(events: NewEvent[]): Promise<PublishResult[]> {
    const source = this.options.producer?.defaultSource ?? '/streamline';
    const envelopes = events.map((e) => createEnvelope({ ...e, source: e.source ?? source }));
    return this.sendEnvelopes(envelopes);
  }

  /** Publishes envelopes that were already validated (e.g. by the HTTP ingest). */
  async sendEnvelopes(envelopes: EventEnvelope[]): Promise<PublishResult[]> {
    const prefix = this.options.topicPrefix ?? '';
    const records = envelopes.map((e) => {
      const record = encodeEnvelope(e);
      return { ...record, topic: prefix + record.topic };
    });
    try {
      await this.ensureConnected();
      const partitions = await Promise.all(records.map((r) => this.partitions.partitionFor(r.topic, r.key)));
      const byTopic = new Map<string, Message[]>();
      records.forEach((r, i) => {
        const messages = byTopic.get(r.topic) ?? [];
        messages.push({ key: r.key, value: r.value, headers: r.headers, partition: partitions[i] });
        byTopic.set(r.topic, messages);
      });
      const metadata = await this.producer.sendBatch({
        acks: -1,
        timeout: this.options.producer?.requestTimeoutMs ?? 10000,
        compression: this.options.producer?.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      return positionsOf(records, partitions, envelopes, metadata);
    } catch (error) {
      records.forEach((r) => this.partitions.forget(r.topic));
      throw toStreamlineError(error, `publishing ${records.length} event(s) failed`);
    }
  }

  /** True once the producer has a live connection. */
  get connected(): boolean {
    return this.connecting !== undefined;
  }

  async ensureConnected(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error) => {
      this.connecting = undefined;
      throw toStreamlineError(error, 'connecting the producer failed');
    });
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    // disconnect() waits for in-flight requests, so every acknowledged send is complete.
    await this.producer.disconnect().catch((error) => this.logger.warn(`producer disconnect: ${error}`));
    await this.partitions.close().catch(() => undefined);
  }
}

/**
 * Kafka answers one base offset per topic-partition; records of one partition were
 * appended in the order sent, so each gets base + its rank within that partition.
 */
function positionsOf(
  records: EncodedRecord[],
  partitions: number[],
  envelopes: EventEnvelope[],
  metadata: { topicName: string; partition: number; baseOffset?: string }[],
): PublishResult[] {
  const ranks = new Map<string, number>();
  return records.map((record, i) => {
    const slot = `${record.topic}/${partitions[i]}`;
    const rank = ranks.get(slot) ?? 0;
    ranks.set(slot, rank + 1);
    const base = metadata.find((m) => m.topicName === record.topic && m.partition === partitions[i])?.baseOffset ?? '0';
    const { id, source, type } = envelopes[i];
    return { id, source, type, topic: record.topic, partition: partitions[i], offset: (BigInt(base) + BigInt(rank)).toString() };
  });
}
