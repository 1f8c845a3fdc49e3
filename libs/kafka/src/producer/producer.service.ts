import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  createEnvelope,
  EncodedRecord,
  EventEnvelope,
  FieldError,
  NewEvent,
  SchemaValidationError,
  StreamlineError,
  encodeEnvelope,
  EventRegistry,
} from '@streamline/schemas';
import { EVENT_REGISTRY, KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from '../kafka.constants';
import { KafkaModuleOptions, ResolvedProducerOptions, resolveProducerOptions } from '../kafka.options';
import { BrokerUnavailableError } from '../errors/kafka.errors';
import { KafkaClient } from '../client/kafka-client';
import { OutgoingRecord, RecordOutcome, RecordSender } from '../client/record-sender';
import { PublishResult } from './publish-result';
import { PartitionResolver } from './partition-resolver';
import { SendBatcher } from './send-batcher';
import { DedupWindow } from './dedup-window';
import { DuplicateEventError } from '../errors/duplicate-event.error';
import { fingerprintOf, identityOf } from './event-identity';
import { ProducerMetrics, RejectionReason } from './producer.metrics';
import { withDeadline } from './with-deadline';
import { deliverAtHeaders } from '../consumer/retry-headers';
import { endPublishSpans, startPublishSpans } from '../tracing/publish-tracing';

/**
 * An event to publish: its `source` defaults to the producer's `defaultSource`, `id` and `time` to
 * new ones; `subject`, `dataschema`, `datacontenttype` and `extensions` travel as its CloudEvents
 * attributes; `deliverAt` delays its handling (delayed delivery) until that time.
 */
export type EventToPublish<T extends object = object> = Omit<NewEvent<T>, 'source'> & { source?: string; deliverAt?: Date };

/**
 * Publishes validated events: idempotent producer, acks=all, per-key order kept by choosing the
 * partition from the event's key and sending one request at a time (SendBatcher coalesces
 * concurrent publishes into it). Nothing is sent before every event of a call is valid; a call
 * never waits on Kafka longer than `publishTimeoutMs`; a resubmitted event (same source and id)
 * returns its first position instead of being written twice.
 */
@Injectable()
export class ProducerService implements OnApplicationShutdown {
  readonly metrics = new ProducerMetrics();
  private readonly logger = new Logger(ProducerService.name);
  private readonly settings: ResolvedProducerOptions;
  private readonly sender: RecordSender;
  private readonly partitions: PartitionResolver;
  private readonly batcher: SendBatcher<SizedRecord, RecordOutcome>;
  private readonly dedup: DedupWindow<PublishResult>;
  private closing = false;
  /** Publish calls under way; shutdown waits for them, since they were accepted before it began. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(KAFKA_CLIENT) kafka: KafkaClient,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
    @Inject(EVENT_REGISTRY) private readonly registry: EventRegistry,
  ) {
    this.settings = resolveProducerOptions(options.producer);
    this.partitions = new PartitionResolver(kafka.admin());
    const { requestTimeoutMs, compression } = this.settings;
    this.sender = kafka.sender({ requestTimeoutMs, compression, leaderOf: (topic, partition) => this.partitions.leaderOf(topic, partition) });
    this.batcher = new SendBatcher(
      (records) => this.send(records),
      this.settings,
      (size) => this.metrics.batchSize.observe(size),
    );
    this.dedup = new DedupWindow({ ttlMs: this.settings.dedupWindowMs, maxEntries: this.settings.dedupMaxEntries });
  }

  /** Validates and publishes one event. Throws SchemaValidationError, DuplicateEventError, BrokerUnavailableError or PublishFailedError. */
  async publish<T extends object>(event: EventToPublish<T>): Promise<PublishResult> {
    const [result] = await this.publishBatch([event]);
    return result;
  }

  /**
   * Validates every event first and publishes none unless all are valid (the error lists each
   * invalid field as `[i].field`); then sends them together. Results are in input order.
   */
  async publishBatch(events: EventToPublish[]): Promise<PublishResult[]> {
    const fields: FieldError[] = [];
    const envelopes = events.map(({ deliverAt, ...event }, i) => {
      const prefix = events.length > 1 ? `[${i}].` : '';
      if (deliverAt !== undefined && !(deliverAt instanceof Date && Number.isFinite(deliverAt.getTime()))) {
        fields.push({ field: `${prefix}deliverAt`, messages: ['deliverAt must be a valid Date'] });
      }
      try {
        return createEnvelope(this.registry, { ...event, source: event.source ?? this.settings.defaultSource });
      } catch (error) {
        if (!(error instanceof SchemaValidationError)) throw error;
        fields.push(...error.fields.map((f) => ({ field: `${prefix}${f.field}`, messages: f.messages })));
        return undefined;
      }
    });
    if (fields.length > 0) {
      this.metrics.reject('invalid', events.length);
      throw new SchemaValidationError(events.length === 1 ? events[0].type : 'batch', fields);
    }
    const extraHeaders = events.map((event) => (event.deliverAt ? deliverAtHeaders(event.deliverAt) : undefined));
    return this.sendEnvelopes(envelopes as EventEnvelope[], extraHeaders);
  }

  /**
   * Publishes envelopes that were already validated (e.g. by the HTTP ingest); `extraHeaders[i]`,
   * when given, are added to the record of `envelopes[i]` (e.g. the delayed-delivery header).
   */
  async sendEnvelopes(envelopes: EventEnvelope[], extraHeaders: readonly (Record<string, string> | undefined)[] = []): Promise<PublishResult[]> {
    const started = performance.now();
    const deadline = Date.now() + this.settings.publishTimeoutMs;
    try {
      if (this.closing) throw new BrokerUnavailableError('the producer is shutting down; nothing was published');
      const publishing = this.publishOnce(envelopes, extraHeaders, deadline);
      this.inFlight.add(publishing);
      const results = await publishing.finally(() => this.inFlight.delete(publishing));
      const fresh = results.filter((r) => !r.duplicate);
      fresh.forEach((r) => this.metrics.published.inc({ topic: r.topic }));
      if (results.length > fresh.length) this.metrics.deduplicated.inc(results.length - fresh.length);
      this.metrics.latency.observe((performance.now() - started) / 1000);
      return results;
    } catch (error) {
      this.metrics.reject(reasonOf(error), envelopes.length);
      throw error;
    } finally {
      this.metrics.queueDepth.set(this.batcher.depth);
    }
  }

  private async publishOnce(
    envelopes: EventEnvelope[],
    extraHeaders: readonly (Record<string, string> | undefined)[],
    deadline: number,
  ): Promise<PublishResult[]> {
    const prefix = this.options.topicPrefix ?? '';
    const prepared = envelopes.map((envelope, i): Prepared => {
      const record = encodeEnvelope(this.registry, envelope);
      const extra = extraHeaders[i];
      return {
        envelope,
        record: { ...record, topic: prefix + record.topic, ...(extra ? { headers: { ...record.headers, ...extra } } : {}) },
        identity: identityOf(envelope),
        fingerprint: fingerprintOf(envelope, record.value),
      };
    });
    // Within one call, a repeated identity must carry the same content; it is published once.
    const firstIndex = new Map<string, number>();
    const conflicts: number[] = [];
    prepared.forEach(({ identity, fingerprint }, i) => {
      const first = firstIndex.get(identity);
      if (first === undefined) firstIndex.set(identity, i);
      else if (prepared[first].fingerprint !== fingerprint) conflicts.push(i);
    });
    const unique = [...firstIndex.values()];
    const claims = new Map(unique.map((i) => [i, this.dedup.claim(prepared[i].identity, prepared[i].fingerprint)]));
    conflicts.push(...unique.filter((i) => claims.get(i)!.kind === 'conflict'));
    if (conflicts.length > 0) {
      throw new DuplicateEventError(
        `event(s) ${conflicts
          .sort((a, b) => a - b)
          .map((i) => `[${i}] ${envelopes[i].source} ${envelopes[i].id}`)
          .join(', ')} reuse the source and id of a different event`,
        conflicts,
      );
    }

    const spans = startPublishSpans(prepared);
    const fresh = unique.filter((i) => claims.get(i)!.kind === 'new');
    const outcomes = new Map<number, Promise<PublishResult>>();
    if (fresh.length > 0) {
      const settled = this.enqueue(
        fresh.map((i) => prepared[i]),
        deadline,
      );
      fresh.forEach((i, k) => {
        const outcome = settled.then((results) => {
          const result = results[k];
          if (result instanceof StreamlineError) throw result;
          return result;
        });
        const claim = claims.get(i)!;
        if (claim.kind === 'new') claim.settle(outcome);
        outcomes.set(i, outcome);
      });
    }
    for (const i of unique) {
      const claim = claims.get(i)!;
      if (claim.kind === 'duplicate')
        outcomes.set(
          i,
          claim.result.then((r) => ({ ...r, duplicate: true })),
        );
    }
    // A repeat within the call is answered with its first occurrence's position, marked as such.
    const perEvent = prepared.map((p, i) => {
      const first = firstIndex.get(p.identity)!;
      const outcome = outcomes.get(first)!;
      return first === i ? outcome : outcome.then((r) => ({ ...r, duplicate: true }));
    });
    endPublishSpans(spans, perEvent);
    const all = Promise.all(perEvent);
    const results = await withDeadline(
      all,
      deadline - Date.now(),
      `Kafka did not confirm within ${this.settings.publishTimeoutMs} ms; the event may still be written, and retrying with the same source and id will not duplicate it`,
    );
    return results.map((r, i) => (firstIndex.get(prepared[i].identity) === i ? r : { ...r, duplicate: true }));
  }

  /** Partitions and queues encoded envelopes; resolves with Kafka's final answer per event (not bounded). */
  private enqueue(items: Prepared[], deadline: number): Promise<(PublishResult | StreamlineError)[]> {
    const loaded = withDeadline(
      Promise.all([this.sender.connect(), this.partitions.load(items.map((p) => p.record.topic))]),
      deadline - Date.now(),
      `Kafka could not be reached within ${this.settings.publishTimeoutMs} ms; nothing was published`,
    ).catch((error) => {
      // Nothing was sent yet: whatever kept us from connecting or reading metadata is Kafka being unavailable.
      throw error instanceof StreamlineError ? error : new BrokerUnavailableError(`reaching Kafka failed; nothing was published: ${error}`, { cause: error });
    });
    return loaded.then(() => {
      const records: SizedRecord[] = items.map(({ record }) => ({
        ...record,
        partition: this.partitions.partitionOf(record.topic, record.key),
        bytes: recordBytes(record),
      }));
      return this.batcher.enqueue(records, Math.max(1, deadline - Date.now())).settled.then((outcomes) =>
        outcomes.map((o, i) => {
          const { id, source, type } = items[i].envelope;
          return o instanceof StreamlineError ? o : { id, source, type, ...o };
        }),
      );
    });
  }

  /** Sends one batch; a failed partition makes its topic's partition count be read again. */
  private async send(records: SizedRecord[]): Promise<RecordOutcome[]> {
    const outcomes = await this.sender.send(records);
    outcomes.forEach((o, i) => o instanceof StreamlineError && this.partitions.forget(records[i].topic));
    return outcomes;
  }

  /** True once the producer has a live connection. */
  get connected(): boolean {
    return this.sender.connected;
  }

  /** Connects the producer now instead of at the first publish. */
  ensureConnected(): Promise<void> {
    return this.sender.connect();
  }

  /** False once shutdown began: the service takes no more events. */
  get accepting(): boolean {
    return !this.closing;
  }

  /** Waits until every record accepted so far has been acknowledged or has failed. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Stops taking events, sends what was accepted (bounded by `shutdownTimeoutMs`), then disconnects. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const { shutdownTimeoutMs } = this.settings;
    const drained = Promise.allSettled([...this.inFlight]).then(() => this.batcher.close());
    await withDeadline(drained, shutdownTimeoutMs, 'flush timed out').catch(() =>
      this.logger.warn(`${this.batcher.depth} queued record(s) not confirmed by Kafka within ${shutdownTimeoutMs} ms of shutdown`),
    );
    await this.sender.disconnect(shutdownTimeoutMs);
    await this.partitions.close().catch(() => undefined);
  }
}

/** A record and what it costs in a request, for the batch limits. */
type SizedRecord = OutgoingRecord & { bytes: number };

/** An envelope on its way: encoded once, its identity and fingerprint taken from that encoding. */
interface Prepared {
  envelope: EventEnvelope;
  record: EncodedRecord;
  identity: string;
  fingerprint: string;
}

/** What a record costs in a request: value, key and header bytes. */
function recordBytes(record: EncodedRecord): number {
  let bytes = record.value.length + Buffer.byteLength(record.key);
  for (const name in record.headers) bytes += name.length + Buffer.byteLength(record.headers[name]);
  return bytes;
}

function reasonOf(error: unknown): RejectionReason {
  if (error instanceof SchemaValidationError) return 'invalid';
  if (error instanceof DuplicateEventError) return 'duplicate-conflict';
  if (error instanceof BrokerUnavailableError) return 'broker-unavailable';
  return 'publish-failed';
}
