import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { deadLetterTopicFor, decodeRecord, DEFAULT_MAX_VALUE_BYTES, topicForType } from '@streamline/schemas';
import { KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from '../kafka.constants';
import { ConsumerOptions, KafkaModuleOptions } from '../kafka.options';
import { ensureTopics } from '../admin/topic-provisioner';
import { buildDeadLetter, reasonOf } from './dead-letter';
import { BoundHandler } from './handler-context';
import { HandlerDiscovery } from './handler-discovery';
import { LoadProbe } from './load-probe';

/**
 * Reads the group's topics and hands each decoded event to its handler.
 * Per-key order: records of a partition are handled one after another; partitions run concurrently.
 * At-least-once: a partition's offset is committed only after its records were handled
 * (or dead-lettered). A record that cannot be decoded, or whose handler fails, goes to the
 * dead-letter topic and the partition moves on.
 */
@Injectable()
export class ConsumerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsumerRuntime.name);
  private handlers = new Map<string, BoundHandler>();
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private assigned = false;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
    private readonly discovery: HandlerDiscovery,
    private readonly loadProbe: LoadProbe,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.consumer) return;
    this.handlers = this.discovery.discover();
    if (this.options.consumer.autoStart !== false) await this.start();
  }

  /** True while the consumer is in its group with an assignment (possibly empty). */
  get ready(): boolean {
    return this.assigned;
  }

  /** Topics this group reads: the configured ones, or every topic with a handled event type. */
  topics(): string[] {
    const configured = this.options.consumer?.topics;
    if (configured?.length) return configured;
    const prefix = this.options.topicPrefix ?? '';
    return [...new Set([...this.handlers.keys()].map((type) => prefix + topicForType(type)!.name))];
  }

  async start(): Promise<void> {
    const options = this.consumerOptions();
    const topics = this.topics();
    await this.ensureDeadLetterTopics(topics, options.groupId);
    this.dlqProducer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.dlqProducer.connect();
    const consumer = this.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    consumer.on(consumer.events.GROUP_JOIN, () => (this.assigned = true));
    consumer.on(consumer.events.REBALANCING, () => (this.assigned = false));
    consumer.on(consumer.events.CRASH, (event) => {
      this.assigned = false;
      this.logger.error(`consumer crashed: ${event.payload.error}; restart=${event.payload.restart}`);
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
    this.consumer = consumer;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.logger.log(`consuming ${topics.join(', ')} as group ${options.groupId}`);
  }

  async onApplicationShutdown(): Promise<void> {
    // kafkajs disconnect stops fetching, waits for the running eachBatch calls
    // (which commit what they handled) and leaves the group.
    await this.consumer?.disconnect().catch((e) => this.logger.warn(`consumer disconnect: ${e}`));
    await this.dlqProducer?.disconnect().catch((e) => this.logger.warn(`producer disconnect: ${e}`));
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let next: string | undefined;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      await this.handleRecord(batch.topic, batch.partition, message);
      resolveOffset(message.offset);
      next = (BigInt(message.offset) + 1n).toString();
      await heartbeat();
    }
    if (next !== undefined) {
      await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    }
  }

  private async handleRecord(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const maxValueBytes = this.consumerOptions().maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    let attempts = 0;
    try {
      const event = decodeRecord({ key: message.key, value: message.value, headers: message.headers }, maxValueBytes);
      const handler = this.handlers.get(event.type);
      if (!handler) return; // a type this service does not handle: not an error, just not ours
      attempts = 1;
      await handler(event, { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, attempt: 1 });
      this.loadProbe.observe(event);
    } catch (error) {
      await this.deadLetter(topic, partition, message, error, attempts);
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: unknown, attempts: number): Promise<void> {
    const group = this.consumerOptions().groupId;
    const record = buildDeadLetter({ topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers }, error, group, attempts);
    this.logger.warn(`dead-lettering ${topic}/${partition}@${message.offset}: ${reasonOf(error)}: ${error instanceof Error ? error.message : error}`);
    await this.dlqProducer!.send({ topic: deadLetterTopicFor(topic, group), acks: -1, messages: [record] });
  }

  private async ensureDeadLetterTopics(topics: string[], group: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      await ensureTopics(admin, metadata.topics.map((t) => ({ name: deadLetterTopicFor(t.name, group), partitions: t.partitions.length })));
    } finally {
      await admin.disconnect();
    }
  }

  private consumerOptions(): ConsumerOptions {
    if (!this.options.consumer) throw new Error('KafkaModule was configured without consumer options');
    return this.options.consumer;
  }
}
