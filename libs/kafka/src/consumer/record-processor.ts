import { decodeRecord, DecodeError, eventIdentityOf, EventEnvelope, EventRegistry } from '@streamline/schemas';
import { FetchedRecord } from '../client/consumer-client';
import { RecordSender } from '../client/record-sender';
import { IdempotencyGuard, GuardOutcome } from '../idempotency/idempotency-guard';
import { isDatabaseUnavailable } from '../errors/database-unavailable.error';
import { DatabaseGate } from './database-gate';
import { ConsumerMetrics } from './consumer.metrics';
import { ConsumerObserver } from './consumer-observer';
import { reasonOf } from './dead-letter';
import { BoundBatchHandler, BoundHandler } from './handler-context';
import { ParkingLot } from './parking-lot';
import { PartitionWorker, WorkItem } from './partition-worker';
import { RetryRouter } from './retry-router';
import { decodeForHandlers } from './record-decoder';
import { Replier } from '../request/replier';
import { traceBatchProcessing, traceProcessing } from '../tracing/process-tracing';
import { FailureRouter } from './failure-router';
import { EmittedEvents, EmittedRecord, EventToEmit } from './exactly-once/emitted-events';

/** The outbox of a handler run without exactly-once mode: nothing to emit with, nothing kept. */
const NO_OUTBOX = { records: [] as readonly EmittedRecord[] };

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
  /** The app's events: what records decode to. */
  registry: EventRegistry;
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
  /** Answers requests (records with reply headers): the handler's result, or the failure of a dead-lettered one. Default: none. */
  replier?: Replier;
  roleOf(topic: string): TopicRole;
  now?: () => number;
  /** Exactly-once mode: handlers may emit events, written with the offsets that commit their records. */
  emitter?: EmittedEvents;
}

/**
 * The life of one record: decode, run its handler (inside the idempotency guard's transaction
 * when there is one), and on failure send it to its retry tier (parking its key) or to the dead
 * letters. Resolves once the record is settled; rejects only when it could not be settled
 * (Kafka refused the retry or dead-letter record), so the worker runs it again.
 */
export class RecordProcessor {
  private readonly failures: FailureRouter;
  /** Events emitted by records that were handled, until the engine takes them. */
  private readonly emitted = new WeakMap<WorkItem<ConsumedRecord>, readonly EmittedRecord[]>();

  constructor(private readonly deps: RecordProcessorDeps) {
    this.failures = new FailureRouter(deps, deps.now ?? Date.now);
  }

  private readonly handlerTypes = {
    handles: (type: string): boolean => this.deps.handlers.has(type) || this.deps.batchHandlers?.has(type) === true,
    upcastsTo: (type: string): boolean => this.deps.handlers.has(type),
  };

  /** True when the record must wait: its key is parked behind another event. */
  isBlocked(item: WorkItem<ConsumedRecord>): boolean {
    const { record } = item;
    const role = this.deps.roleOf(record.topic);
    if (role.tier > 0) return false;
    const parked = this.deps.parking.get(record.topic, record.partition, item.key);
    if (!parked) return false;
    // The parker itself, read again after a restart, runs: it is the head of its key.
    const identity = eventIdentityOf(record);
    return !(identity?.source === parked.source && identity.id === parked.id);
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
    const read = { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key === null ? null : item.key };
    const decoded = decodeForHandlers(this.deps.registry, record, this.deps.maxValueBytes, this.handlerTypes);
    if (decoded.kind === 'invalid') return this.failures.deadLetterUndecodable(item, role, decoded.error);
    if (decoded.kind === 'not-handled') return;
    const event = decoded.event;
    const handler = this.deps.handlers.get(event.type);
    if (!handler) return this.processBatchOnce([item]);
    await traceProcessing(event, read, this.deps.group, role.tier + 1, () => this.handle(item, role, event, handler));
  }

  /** Runs the handler of a decoded event and settles the record: handled, retried or dead-lettered. */
  private async handle(item: WorkItem<ConsumedRecord>, role: TopicRole, event: EventEnvelope, handler: BoundHandler): Promise<void> {
    const { record } = item;
    const attempt = role.tier + 1;
    const started = performance.now();
    let outcome: GuardOutcome;
    let result: unknown;
    const outbox = this.outbox();
    try {
      ({ outcome, result } = await this.invoke(handler, event, item, attempt, outbox.emit));
    } catch (error) {
      if (this.heldForDatabase(error)) throw error;
      this.deps.metrics.failed.inc({ type: event.type, reason: reasonOf(error) });
      await this.failures.routeFailure(item, role, event, error, attempt);
      return;
    }
    if (outbox.records.length > 0) this.emitted.set(item, outbox.records);
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
    // A duplicate's result is not kept: its first run answered (or its requester timed out).
    if (outcome === 'applied') await this.deps.replier?.answer(record.headers, result);
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
        decoded.push({ item, event: decodeRecord(this.deps.registry, item.record, this.deps.maxValueBytes) });
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        await this.failures.deadLetterUndecodable(item, role, error);
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
    await traceBatchProcessing(events, { topic, partition }, this.deps.group, attempt, () => this.handleBatch(handler, decoded, role, attempt));
  }

  /** Runs a batch handler and settles its records: handled, or each retried or dead-lettered. */
  private async handleBatch(
    handler: BoundBatchHandler,
    decoded: { item: WorkItem<ConsumedRecord>; event: EventEnvelope }[],
    role: TopicRole,
    attempt: number,
  ): Promise<void> {
    const { topic, partition } = decoded[0].item.record;
    const events = decoded.map((d) => d.event);
    const started = performance.now();
    let fresh: EventEnvelope[];
    const outbox = this.outbox();
    const context = { topic, partition, attempt, ...(outbox.emit && { emit: outbox.emit }) };
    try {
      const guard = this.deps.guard;
      if (guard) fresh = await guard.runBatchOnce(events, (freshEvents, tx) => handler.handle(freshEvents, { ...context, tx }));
      else await handler.handle((fresh = events), context);
    } catch (error) {
      if (this.heldForDatabase(error)) throw error;
      for (const { item, event } of decoded) {
        this.deps.metrics.failed.inc({ type: event.type, reason: reasonOf(error) });
        await this.failures.routeFailure(item, role, event, error, attempt);
      }
      return;
    }
    // The batch settles as a whole: its events leave with the offset past its last record.
    if (outbox.records.length > 0) this.emitted.set(decoded[decoded.length - 1].item, outbox.records);
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

  /** Runs the handler (in the guard's transaction when there is one); resolves once that transaction committed. */
  private async invoke(
    handler: BoundHandler,
    event: EventEnvelope,
    item: WorkItem<ConsumedRecord>,
    attempt: number,
    emit: ((event: EventToEmit) => void) | undefined,
  ): Promise<{ outcome: GuardOutcome; result: unknown }> {
    const { record } = item;
    // item.key is the record key as a string already, or a stand-in for records without one.
    const context = {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key === null ? null : item.key,
      attempt,
      ...(emit && { emit }),
    };
    const guard = this.deps.guard;
    if (!guard) return { outcome: 'applied', result: await handler(event, context) };
    let result: unknown;
    const outcome = await guard.runOnce(event, async (tx) => void (result = await handler(event, { ...context, tx })));
    return { outcome, result };
  }

  /** Where one run of a handler emits its events (exactly-once mode only): kept if the run succeeds. */
  private outbox(): { emit?: (event: EventToEmit) => void; records: readonly EmittedRecord[] } {
    const emitter = this.deps.emitter;
    if (!emitter) return NO_OUTBOX;
    const records: EmittedRecord[] = [];
    return { records, emit: (event: EventToEmit) => void records.push(emitter.encode(event)) };
  }

  /** The events emitted by the handled record (or batch ending with it), once; none when it emitted nothing. */
  takeEmitted(item: WorkItem<ConsumedRecord>): readonly EmittedRecord[] | undefined {
    const records = this.emitted.get(item);
    this.emitted.delete(item);
    return records;
  }

  /** Dead-letters the records of `key` still queued behind an event of that key that ended in dead letters (see FailureRouter). */
  deadLetterQueuedBehind(worker: PartitionWorker<ConsumedRecord>, key: string): Promise<void> | undefined {
    return this.failures.deadLetterQueuedBehind(worker, key);
  }

  /** Dead-letters records that queued behind a key whose event ended in dead letters. */
  deadLetterFollowers(items: WorkItem<ConsumedRecord>[], error: unknown): Promise<void> {
    return this.failures.deadLetterFollowers(items, error);
  }
}
