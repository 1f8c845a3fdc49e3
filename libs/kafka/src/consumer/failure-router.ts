import { eventIdentityOf, EventEnvelope, headerString } from '@streamline/schemas';
import { RecordSender, sendAll } from '../client/record-sender';
import { ParkedBehindDeadLetterError } from '../errors/kafka.errors';
import { Replier } from '../request/replier';
import { noteRouted, traceUndecodable } from '../tracing/process-tracing';
import { ConsumerMetrics } from './consumer.metrics';
import { buildDeadLetter, buildRetryRecord, reasonOf, RecordDraft } from './dead-letter';
import { ParkingLot } from './parking-lot';
import { PartitionWorker, WorkItem } from './partition-worker';
import type { ConsumedRecord, ProcessorLog, TopicRole } from './record-processor';
import { RetryRouter } from './retry-router';

/** What routing a failure takes: the parts of the processor's dependencies it uses. */
export interface FailureRouterDeps {
  group: string;
  router: RetryRouter;
  sender: RecordSender;
  parking: ParkingLot;
  metrics: ConsumerMetrics;
  log: ProcessorLog;
  replier?: Replier;
  roleOf(topic: string): TopicRole;
}

/**
 * Where a record goes when it is not handled: its retry tier (its key parked first) or the dead
 * letters (answering a request's requester, releasing the key), and the records queued behind a
 * dead-lettered key after it. A write Kafka refuses rejects, which leaves the record unsettled:
 * the worker runs it again.
 */
export class FailureRouter {
  constructor(
    private readonly deps: FailureRouterDeps,
    private readonly now: () => number,
  ) {}

  /** Sends a failed event to its retry tier (parking its key) or to the dead letters, as its error and tier decide. */
  async routeFailure(item: WorkItem<ConsumedRecord>, role: TopicRole, event: EventEnvelope, error: unknown, attempt: number): Promise<void> {
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
      await this.write(
        route.topic,
        record.partition,
        buildRetryRecord(record, error, this.deps.group, attempt, { tier: route.tier, dueAt: route.dueAt, partition: record.partition }, new Date(now)),
      );
      this.deps.metrics.retried.inc({ topic: role.sourceTopic, tier: String(route.tier) });
      this.deps.log.warn({ ...fields, retryTopic: route.topic, dueAt: new Date(route.dueAt).toISOString() }, 'handler failed; retrying later');
      return;
    }
    await this.deadLetter(item, role, error, attempt, event);
    await this.deps.parking.release(role.sourceTopic, record.partition, item.key, event, 'dead-lettered');
  }

  /**
   * Writes a retry or dead-letter record; a rejection leaves the record unsettled (the worker runs
   * it again). Retry tiers and dead-letter topics have the source's partition count, so the
   * partition number of the failed record keeps its key on the same number.
   */
  private async write(topic: string, partition: number, draft: RecordDraft): Promise<void> {
    noteRouted(topic, draft.headers);
    await sendAll(this.deps.sender, [{ ...draft, topic, partition: draft.partition ?? partition }]);
  }

  /** Dead-letters a record that cannot be decoded, inside its process span. */
  deadLetterUndecodable(item: WorkItem<ConsumedRecord>, role: TopicRole, error: unknown): Promise<void> {
    const { record } = item;
    const read = { topic: record.topic, partition: record.partition, offset: record.offset, key: record.key === null ? null : item.key };
    return traceUndecodable(read, this.deps.group, headerString(record.headers, 'ce_traceparent'), () => this.deadLetter(item, role, error, 0));
  }

  async deadLetter(item: WorkItem<ConsumedRecord>, role: TopicRole, error: unknown, attempts: number, event?: EventEnvelope): Promise<void> {
    const { record } = item;
    const reason = reasonOf(error);
    await this.write(this.deps.router.deadLetterTopic(role.sourceTopic), record.partition, buildDeadLetter(record, error, this.deps.group, attempts));
    this.deps.metrics.deadLettered.inc({ topic: role.sourceTopic, reason });
    await this.deps.replier?.answerFailure(record.headers, error, attempts);
    this.deps.log.warn(
      {
        eventId: event?.id ?? eventIdentityOf(record)?.id,
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
