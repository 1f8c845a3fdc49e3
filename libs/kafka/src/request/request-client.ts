import { randomBytes } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createEnvelope, EventRegistry, SchemaValidationError } from '@streamline/schemas';
import { EVENT_REGISTRY, KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from '../kafka.constants';
import { KafkaModuleOptions, resolveProducerOptions } from '../kafka.options';
import { KafkaClient } from '../client/kafka-client';
import { BrokerUnavailableError } from '../errors/kafka.errors';
import { ProducerService } from '../producer/producer.service';
import { PendingRequests } from './pending-requests';
import { ReplyReader } from './reply-reader';
import { requestHeaders } from './request-headers';
import { RequestMetrics } from './request.metrics';
import { ResolvedRequestOptions, resolveRequestOptions } from './request.options';

/** How one request is sent. */
export interface SendOptions {
  /** Milliseconds to wait for the reply, publishing included; then the call fails with RequestTimeoutError. */
  timeout: number;
  /** The request event's id (its idempotency identity with `source`). Default: a new one. */
  id?: string;
  /** The request event's source. Default: the producer's `defaultSource`. */
  source?: string;
  subject?: string;
}

/**
 * Request/reply over Kafka: `send` publishes a request event (validated, through ProducerService,
 * on its registry topic and key) and resolves with the data its `@EventHandler` returned. Replies
 * come back on a reply topic the requesters share, addressed by a correlation id (see
 * docs/request-reply.md). Fails with RequestTimeoutError, RemoteHandlerError (the handler failed
 * for good) or RequestCancelledError (shutdown).
 */
@Injectable()
export class RequestClient implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly metrics = new RequestMetrics();
  /** This requester's id, on every request it sends; replies to it carry it back. */
  readonly instanceId = randomBytes(8).toString('hex');
  private readonly logger = new Logger(RequestClient.name);
  private readonly settings: ResolvedRequestOptions;
  private readonly defaultSource: string;
  private readonly pending = new PendingRequests(this.metrics);
  private reader?: ReplyReader;
  private starting?: Promise<ReplyReader>;
  private closing = false;
  private sequence = 0;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
    @Inject(EVENT_REGISTRY) private readonly registry: EventRegistry,
    private readonly producer: ProducerService,
  ) {
    this.settings = resolveRequestOptions(options.requests);
    this.defaultSource = resolveProducerOptions(options.producer).defaultSource;
  }

  /** Requests waiting for their reply now. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Full name of the reply topic, prefix included. */
  get replyTopic(): string {
    return (this.options.topicPrefix ?? '') + this.settings.replyTopic;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.requests?.eager) await this.ready();
  }

  /**
   * Sends a request event of `type` with `data` and resolves with its handler's return value.
   * Throws SchemaValidationError before sending anything when the event is invalid.
   */
  async send<R = unknown>(type: string, data: object, options: SendOptions): Promise<R> {
    if (!Number.isFinite(options?.timeout) || options.timeout <= 0) throw new Error(`send(${type}): options.timeout must be a positive number of milliseconds`);
    let envelope;
    try {
      envelope = createEnvelope(this.registry, { type, data, id: options.id, subject: options.subject, source: options.source ?? this.defaultSource });
    } catch (error) {
      if (error instanceof SchemaValidationError) this.producer.metrics.reject('invalid');
      throw error;
    }
    if (this.closing) throw new BrokerUnavailableError('the requester is shutting down; nothing was sent');
    const reader = await this.ready();
    const correlationId = `${this.instanceId}-${(this.sequence++).toString(36)}`;
    const reply = this.pending.wait(correlationId, type, envelope.id, options.timeout);
    const headers = requestHeaders({ topic: this.replyTopic, partition: reader.replyPartition, replyTo: this.instanceId, correlationId });
    this.producer.sendEnvelopes([envelope], [headers]).catch((error: Error) => this.pending.fail(correlationId, error));
    return reply as Promise<R>;
  }

  /** Starts the reply reader once (again after it was lost). */
  private ready(): Promise<ReplyReader> {
    this.starting ??= this.startReader().catch((error) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async startReader(): Promise<ReplyReader> {
    const reader = new ReplyReader(
      this.kafka,
      {
        topic: this.replyTopic,
        partitions: this.settings.replyPartitions,
        retentionMs: this.settings.replyRetentionMs,
        instanceId: this.instanceId,
        startTimeoutMs: this.settings.startTimeoutMs,
      },
      (reply) => this.pending.settle(reply),
      { warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
      () => {
        if (this.reader === reader) [this.reader, this.starting] = [undefined, undefined];
        void reader.stop();
      },
    );
    try {
      await reader.start();
    } catch (error) {
      await reader.stop();
      throw error instanceof BrokerUnavailableError
        ? error
        : new BrokerUnavailableError(`starting the reply reader failed; nothing was sent: ${error}`, { cause: error });
    }
    this.reader = reader;
    this.logger.log(`reading replies on ${this.replyTopic} partition ${reader.replyPartition} as ${this.instanceId}`);
    return reader;
  }

  /** Shutdown: waiting requests fail with RequestCancelledError, then the reply reader leaves. Before the producer closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.pending.cancelAll();
    const reader = await this.starting?.catch(() => undefined);
    await reader?.stop();
  }
}
