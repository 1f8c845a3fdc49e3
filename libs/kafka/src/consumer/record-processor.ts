import { CE_HEADERS, decodeRecord, DecodeError, EventEnvelope, headerString } from '@streamline/schemas';
import { FetchedRecord, RecordSender } from '../client/consumer-client';
import { IdempotencyGuard, GuardOutcome } from '../idempotency/idempotency-guard';
import { isDatabaseUnavailable } from '../idempotency/database-unavailable.error';
import { DatabaseGate } from './database-gate';
import { ConsumerMetrics } from './consumer.metrics';
import { ConsumerObserver } from './consumer-observer';
import { buildDeadLetter, buildRetryRecord, reasonOf } from './dead-letter';
import { BoundBatchHandler, BoundHandler } from './handler-context';
import { ParkingLot } from './parking-lot';
import { PartitionWorker, WorkItem } from './partition-worker';
import { ParkedBehindDeadLetterError } from '../errors/kafka.errors';
import { RetryRouter } from './retry-router';

/** A fetched record and where it was read. */
export interface ConsumedRecord extends FetchedRecord {
  topic: string;
  partition: number;
}

/** What a topic is to this group: a source topic, or retry tier `tier` of one. */
export interface TopicRole {
  sourceTopic: string;
  tier: number;
}

/** Structured log lines of the processor. */
export interface ProcessorLog {
  warn(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

/** Everything the processor works with. */
export interface RecordProcessorDeps {
  group: string;
  maxValueBytes: number;
  handlers: ReadonlyMap<string, BoundHandler>;
  /** Batch handlers per event type. Default: none. */
  batchHandlers?: ReadonlyMap<string, BoundBatchHandler>;
  guard?: IdempotencyGuard;
  /** Holds events while the database is unreachable; present with a database. */
  gate?: DatabaseGate;
  router: RetryRouter;
  sender: RecordSender;
  parking: ParkingLot;
  metrics: ConsumerMetrics;
  observers: readonly ConsumerObserver[];
  log: ProcessorLog;
  roleOf(topic: string): TopicRole;
  now?: () => number;
}

/**
 * The life of one record: decode, run its handler (inside the idempotency guard's transaction
 * when there is one), and on failure send it to its retry tier (parking its key) or to the dead
 * letters. Resolves once the record is settled; rejects only when it could not be settled
 * (Kafka refused the retry or dead-letter record), so the worker runs it again.
 */
export class RecordProcessor {
  private readonly now: () => number;

  constructor(private readonly deps: RecordProcessorDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** True when the record must wait: its key is parked behind another event. */
  isBlocked(item: WorkItem<ConsumedRecord>): boolean {
    const { record } = item;
    const role = this.deps.roleOf(record.topic);
    if (role.tier > 0) return false;
    const parked = this.deps.parking.get(record.topic, record.partition, item.key);
    if (!parked) return false;
    // The parker itself, read again after a restart, runs: it is the head of its key.
    return !(headerString(record.headers, CE_HEADERS.source) === parked.source && headerString(record.headers, CE_HEADERS.id) === parked.id);
  }

  /**
   * Runs the record to its end. When the database is unreachable (the handler's transaction or
   * the parking of its key failed for that reason) the record is not settled: the gate closes,
   * and the worker runs the record again once the database answers.
   */
  async process(item: WorkItem<ConsumedRecord>): Promise<void> {
    await this.deps.gate?.whenOpen();
    try {
      await this.processOnce(item);
    } catch (error) {
      this.noteUnavailable(error);
      throw error;
    }
  }

  /** A batch of one type, run to its end; see `process` for a database that is unreachable. */
  async processBatch(items: WorkItem<ConsumedRecord>[]): Promise<void> {
    await this.deps.gate?.whenOpen();
    try {
      await this.processBatchOnce(items);
    } catch (error) {
      this.noteUnavailable(error);
      throw error;
    }
  }

  private noteUnavailable(error: unknown): void {
    if (this.deps.gate && isDatabaseUnavailable(error)) this.deps.gate.reportDown(error);
  }

  /** True when the record's failure is the database's, not its own: it is held, not routed. */
  private heldForDatabase(error: unknown): boolean {
    return this.deps.gate !== undefined && isDatabaseUnavailable(error);
  }

  private async processOnce(item: WorkItem<ConsumedRecord>): Promise<void> {
    const { record } = item;
    const role = this.deps.roleOf(record.topic);
    let event: EventEnvelope;
    try {
      event = decodeRecord(record, this.deps.maxValueBytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      await this.deadLetter(item, role, error, 0);
      return;
    }
    const handler = this.deps.handlers.get(event.type);
    if (!handler) {
      if (this.deps.batchHandlers?.has(event.type)) await this.processBatchOnce([item]);
      return; // otherwise a registered type this service does not handle: not ours, not an error
    }
    const attempt = role.tier + 1;
    const started = performance.now();
    let outcome: GuardOutcome;
    try {
      outcome = await this.invoke(handler, event, item, attempt);
    } catch (error) {
      if (this.heldForDatabase(error)) throw error;
      this.deps.metrics.failed.inc({ type: event.type, reason: reasonOf(error) });
      await this.routeFailure(item, role, event, error, attempt);
      return;
    }
    const handlingMs = performance.now() - started;
    this.deps.metrics.recordHandled(event.type, outcome === 'duplicate', handlingMs / 1000);
    for (const observer of this.deps.observers) {
      observer.onHandled(event, {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        headers: record.headers,
        handlingMs,
        duplicate: outcome === 'duplicate',
      });
    }
    this.deps.log.debug({ eventId: event.id, type: event.type, topic: record.topic, partition: record.partition, offset: record.offset, outcome }, 'handled');
    await this.deps.parking.release(role.sourceTopic, record.partition, item.key, event, 'handled');
  }

  /**
   * A batch of one type (at most one record per key): decode failures are dead-lettered one by
   * one, the rest go to the batch handler in one call (one transaction with the guard). When the
   * call fails, each event takes its own way (retry tier, parking its key, or dead letters).
   */
  private async processBatchOnce(items: WorkItem<ConsumedRecord>[]): Promise<void> {
    const role = this.deps.roleOf(items[0].record.topic);
    const decoded: { item: WorkItem<ConsumedRecord>; event: EventEnvelope }[] = [];
    for (const item of items) {
      try {
        decoded.push({ item, event: decodeRecord(item.record, this.deps.maxValueBytes) });
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        await this.deadLetter(item, role, error, 0);
      }
    }
    if (decoded.length === 0) return;
    const handler = this.deps.batchHandlers?.get(decoded[0].event.type);
    if (!handler || decoded.some((d) => d.event.type !== decoded[0].event.type)) {
      for (const { item } of decoded) await this.processOnce(item);
      return;
    }
    const { topic, partition } = items[0].record;
    const attempt = role.tier + 1;
    const events = decoded.map((d) => d.event);
    const started = performance.now();
    let fresh: EventEnvelope[];
    try {
      const guard = this.deps.guard;
      if (guard) fresh = await guard.runBatchOnce(events, (freshEvents, tx) => handler.handle(freshEvents, { topic, partition, attempt, tx }));
      else await handler.handle((fresh = events), { topic, partition, attempt });
    } catch (error) {
      if (this.heldForDatabase(error)) throw error;
      for (const { item, event } of decoded) {
        this.deps.metrics.failed.inc({ type: event.type, reason: reasonOf(error) });
        await this.routeFailure(item, role, event, error, attempt);
      }
      return;
    }
    const handlingMs = performance.now() - started;
    this.deps.metrics.handlingSeconds.observe({ type: events[0].type }, handlingMs / 1000);
    for (const { item, event } of decoded) {
      const duplicate = !fresh.includes(event);
      this.deps.metrics.recordHandled(event.type, duplicate);
      for (const observer of this.deps.observers) {
        observer.onHandled(event, { topic, partition, offset: item.record.offset, headers: item.record.headers, handlingMs, duplicate });
      }
      await this.deps.parking.release(role.sourceTopic, partition, item.key, event, 'handled');
    }
    this.deps.log.debug({ type: events[0].type, topic, partition, events: events.length, fresh: fresh.length }, 'batch handled');
  }

  private invoke(handler: BoundHandler, event: EventEnvelope, item: WorkItem<ConsumedRecord>, attempt: number): Promise<GuardOutcome> {
    const { record } = item;
    // item.key is the record key as a string already, or a stand-in for records without one.
    const context = { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key === null ? null : item.key, attempt };
    const guard = this.deps.guard;
    if (!guard) return handler(event, context).then(() => 'applied' as const);
    return guard.runOnce(event, (tx) => handler(event, { ...context, tx }));
  }

  private async routeFailure(item: WorkItem<ConsumedRecord>, role: TopicRole, event: EventEnvelope, error: unknown, attempt: number): Promise<void> {
    const { record } = item;
    const now = this.now();
    const route = this.deps.router.route({ sourceTopic: role.sourceTopic, tier: role.tier, error, now });
    const fields = {
      eventId: event.id,
      type: event.type,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      attempt,
      reason: reasonOf(error),
      error: messageOf(error),
    };
    if (route.kind === 'retry') {
      // Park first: if the process dies between the two steps, the record is read again and,
      // being the parker, runs again.
      await this.deps.parking.park(role.sourceTopic, record.partition, item.key, { source: event.source, id: event.id, tier: route.tier });
      await this.deps.sender.send(route.topic, [
        buildRetryRecord(record, error, this.deps.group, attempt, { tier: route.tier, dueAt: route.dueAt, partition: record.partition }, new Date(now)),
      ]);
      this.deps.metrics.retried.inc({ topic: role.sourceTopic, tier: String(route.tier) });
      this.deps.log.warn({ ...fields, retryTopic: route.topic, dueAt: new Date(route.dueAt).toISOString() }, 'handler failed; retrying later');
      return;
    }
    await this.deadLetter(item, role, error, attempt, event);
    await this.deps.parking.release(role.sourceTopic, record.partition, item.key, event, 'dead-lettered');
  }

  private async deadLetter(item: WorkItem<ConsumedRecord>, role: TopicRole, error: unknown, attempts: number, event?: EventEnvelope): Promise<void> {
    const { record } = item;
    const reason = reasonOf(error);
    await this.deps.sender.send(this.deps.router.deadLetterTopic(role.sourceTopic), [buildDeadLetter(record, error, this.deps.group, attempts)]);
    this.deps.metrics.deadLettered.inc({ topic: role.sourceTopic, reason });
    this.deps.log.warn(
      {
        eventId: event?.id ?? headerString(record.headers, CE_HEADERS.id),
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        attempts,
        reason,
        error: messageOf(error),
      },
      'dead-lettered',
    );
  }

  /**
   * Dead-letters the records of `key` still queued in `worker` behind an event of that key that
   * ended in dead letters, then settles them there; undefined when none were queued.
   */
  deadLetterQueuedBehind(worker: PartitionWorker<ConsumedRecord>, key: string): Promise<void> | undefined {
    const followers = worker.take(key);
    if (followers.length === 0) return undefined;
    const error = new ParkedBehindDeadLetterError(`an earlier event of key ${key} ended in dead letters`);
    return this.deadLetterFollowers(followers, error).then(() => worker.settleTaken(followers));
  }

  /** Dead-letters records that queued behind a key whose event ended in dead letters. */
  async deadLetterFollowers(items: WorkItem<ConsumedRecord>[], error: unknown): Promise<void> {
    for (const item of items) await this.deadLetter(item, this.deps.roleOf(item.record.topic), error, 0);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
