import { BatchControl, ConsumerClient, ConsumerClientListener, FetchedBatch, TopicPartitions } from '../client/consumer-client';
import { ConsumerMetrics } from './consumer.metrics';
import { ParkingLot, ParkOutcome } from './parking-lot';
import { PartitionWorker, WorkItem } from './partition-worker';
import { Slot, slotId } from './partition-slot';
import { ConsumedRecord, RecordProcessor } from './record-processor';
import { isDatabaseUnavailable } from '../errors/database-unavailable.error';
import { OffsetCommitter } from './offset-committer';
import { afterStableOffset, TransactionalCommitter } from './exactly-once/transactional-committer';
import { PartitionPauser } from './partition-pauser';
import { EngineLog, EngineSettings } from './consumer-engine.settings';
import { PriorityLanes } from './priority-lanes';
import { batchGroupOf, workItemOf } from './work-item';
import { HOLD_HEARTBEAT_MS, loadParkedKeys } from './parked-keys-loader';

export type { EngineLog, EngineSettings } from './consumer-engine.settings';

/**
 * Runs a group member: takes fetched batches into partition workers, commits each partition's
 * settled prefix, applies back-pressure and lanes by pausing partitions, drops unstarted work
 * when the group rebalances, and drains on stop. Talks to Kafka only through ConsumerClient.
 */
export class ConsumerEngine implements ConsumerClientListener {
  private readonly slots = new Map<string, Slot>();
  private readonly closing = new Map<string, Promise<void>>();
  private readonly lanes: PriorityLanes;
  private assignment: TopicPartitions[] = [];
  private assigned = false;
  /** Between a rebalance's start and the new assignment: nothing new starts, what runs finishes. */
  private suspended = false;
  /**
   * Counts this member's assignments. A slot commits only in the generation it belongs to: a
   * member cut off from the group that rejoins must not commit, under its new membership, the
   * stale offsets of partitions that moved on without it (offsets went backwards).
   */
  private generation = 0;
  private stopping = false;
  private readonly committer: OffsetCommitter;
  private readonly pauser: PartitionPauser;
  /** Source batches are held for room instead of pausing (no priority lanes). */
  private readonly sourcesHold: boolean;

  constructor(
    private readonly client: ConsumerClient,
    private readonly processor: RecordProcessor,
    private readonly parking: ParkingLot,
    private readonly metrics: ConsumerMetrics,
    private readonly settings: EngineSettings,
    private readonly logger: EngineLog,
  ) {
    parking.onRelease((topic, partition, key, outcome) => this.released(topic, partition, key, outcome));
    this.lanes = new PriorityLanes(settings, () => this.slots.values());
    this.sourcesHold = (settings.holdForRoomMs ?? 0) > 0 && settings.lanes === 0;
    this.pauser = new PartitionPauser(client, metrics, parking, settings, this.sourcesHold, {
      assignment: () => this.assignment,
      slot: (id) => this.slots.get(id),
      inFlight: () => this.inFlight,
      stopping: () => this.stopping,
    });
    const committing = [client, metrics, settings.commitIntervalMs, logger, () => this.slots.values(), () => this.generation] as const;
    this.committer = settings.transactions ? new TransactionalCommitter(...committing, settings.transactions) : new OffsetCommitter(...committing);
  }

  /** In the group with a known assignment (possibly empty). */
  get ready(): boolean {
    return this.assigned && !this.stopping;
  }

  /** Records fetched and not yet settled. */
  get inFlight(): number {
    let n = 0;
    for (const slot of this.slots.values()) n += slot.worker.size;
    return n;
  }

  /**
   * Takes as many records as the in-flight bound leaves room for, so memory holds at most
   * `maxInFlight` records whatever the fetch size. Without priority lanes, a source batch that
   * does not fit is held (kafkajs waits for it before fetching from that broker again) and
   * takes its records as room frees, for up to `holdForRoomMs`: back-pressure without pausing.
   * Pausing every partition of a broker makes kafkajs 2.2.4 sleep a whole fetch wait before it
   * looks again (consumerGroup.js), which left the consumer idle a third of the time. What is
   * not taken is fetched again.
   */
  async onBatch(batch: FetchedBatch, control: BatchControl = {}): Promise<string | undefined> {
    if (this.stopping) return undefined;
    // Only control records (transaction markers): nothing to take, read on past them.
    if (batch.records.length === 0) return batch.lastOffset;
    const id = slotId(batch.topic, batch.partition);
    await this.closing.get(id);
    let slot = this.slots.get(id);
    const first = BigInt(batch.records[0].offset);
    if (slot?.kept && first < slot.fetchedTo) {
      // A partition kept across a rebalance is read again from its committed offset; what this
      // member already took is queued, running or settled here, so it is not taken twice.
      const fetchedTo = slot.fetchedTo;
      const fresh = batch.records.filter((record) => BigInt(record.offset) >= fetchedTo);
      if (fresh.length === 0) return batch.records[batch.records.length - 1].offset;
      batch = { ...batch, records: fresh };
    } else if (slot && first < slot.fetchedTo) {
      // Read again from an earlier offset (a rebalance we did not see): start over; what was
      // handled is recognised by the idempotency guard.
      await this.retire(id, slot);
      slot = undefined;
    }
    if (slot) slot.kept = false;
    if (!slot && this.settings.transactions) batch = await afterStableOffset(batch, this.settings.transactions);
    if (batch.records.length === 0) return batch.lastOffset;
    if (!slot) slot = await this.open(batch.topic, batch.partition, control);
    if (!slot || this.stopping) return undefined;
    slot.highWatermark = BigInt(batch.highWatermark);
    slot.lastBatchAt = Date.now();
    const holdUntil = this.holds(slot) ? Date.now() + (this.settings.holdForRoomMs ?? 0) : 0;
    let taken = 0;
    for (;;) {
      const room = Math.max(0, this.lanes.roomFor(slot));
      const chunk = batch.records.slice(taken, taken + room);
      if (chunk.length > 0) {
        slot.fetchedTo = BigInt(chunk[chunk.length - 1].offset) + 1n;
        this.metrics.consumed.inc({ topic: batch.topic }, chunk.length);
        slot.worker.push(chunk.map((record) => workItemOf(batch, record)));
        taken += chunk.length;
      }
      if (taken === batch.records.length || Date.now() >= holdUntil || this.stopping || this.slots.get(id) !== slot) break;
      if (!(await this.waitForRoom(holdUntil, control))) break;
    }
    this.committer.updateLag(slot);
    this.pauser.apply();
    return taken > 0 ? batch.records[taken - 1].offset : undefined;
  }

  /** Held batches are for source partitions without lanes: a held batch stops its broker's fetches, which lanes must not wait on. */
  private holds(slot: Slot): boolean {
    return this.sourcesHold && slot.role.tier === 0;
  }

  /**
   * Resolves true once a record settled (room may have freed), false when the hold should end:
   * its time is up, or the group is rebalancing (the heartbeat says so).
   */
  private async waitForRoom(until: number, control: BatchControl): Promise<boolean> {
    const wait = Math.min(until - Date.now(), HOLD_HEARTBEAT_MS);
    if (wait <= 0) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.pauser.onRoom(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await control.heartbeat?.();
    } catch {
      return false;
    }
    return !this.stopping && this.assigned;
  }

  /**
   * An eager rebalance: any partition may move. Nothing new starts, and what settled is committed
   * now, while this member's generation is still the group's: kafkajs rejoins at once without
   * waiting for running handlers, and a commit after the group moved on is refused
   * (ILLEGAL_GENERATION), which left every record settled since the last commit to be redelivered.
   * Once the running records have settled they are committed too, for a client that waits.
   */
  onRebalancing(): Promise<void> {
    this.assigned = false;
    this.suspended = true;
    const settled = Promise.all([this.committer.commitAtOnce(), ...[...this.slots.values()].map((slot) => slot.worker.idle())]);
    return settled.then(() => this.committer.commitAtOnce());
  }

  /**
   * The new generation's assignment. Partitions that stay keep their queues and carry on (their
   * progress is committed under the new generation); the others are retired. kafkajs reads every
   * assigned partition again from its committed offset after a join: `onBatch` skips what a kept
   * partition already took.
   */
  onAssigned(assignment: TopicPartitions[]): void {
    const assigned = new Set(assignment.flatMap(({ topic, partitions }) => partitions.map((p) => slotId(topic, p))));
    // Kept only across a rebalance this member took part in; after it lost its membership
    // unawares (a partition of the network), everything starts over from the committed offsets.
    this.generation++;
    for (const [id, slot] of this.slots) {
      if (this.suspended && assigned.has(id)) {
        slot.kept = true;
        slot.generation = this.generation;
      } else void this.retire(id, slot);
    }
    this.pauser.resumeAll();
    this.suspended = false;
    this.assignment = assignment;
    this.assigned = true;
    for (const slot of this.slots.values()) slot.worker.kick();
    this.committer.onAssigned();
    this.logger.log(`assigned ${assignment.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' ') || 'no partitions'}`);
  }

  /** The client restarts itself after a retriable error; it joins again from the committed offsets, so everything here starts over. */
  onCrash(error: Error, restarting: boolean): void {
    this.assigned = false;
    this.suspended = false;
    this.generation++;
    this.retireAll();
    if (restarting) this.logger.warn(`consumer client restarting after: ${error.message}`);
    else this.logger.error(`consumer stopped: ${error.message}; not restarting`);
  }

  /**
   * Graceful stop: fetch nothing more, let running handlers finish together with the queued
   * records below them (up to `timeoutMs`), commit what settled. Records that did not start stay
   * uncommitted for the next owner.
   */
  async stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    this.client.pause(this.assignment);
    const drained = Promise.all([...this.slots.values()].map((slot) => slot.worker.drain())).then(() => true);
    const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    const finished = await Promise.race([drained, timedOut]);
    this.committer.stop();
    await this.commitNow();
    return finished;
  }

  private async open(topic: string, partition: number, control: BatchControl): Promise<Slot | undefined> {
    const role = this.settings.roleOf(topic);
    if (role.tier === 0 && !(await loadParkedKeys(this.parking, this.settings.gate, topic, partition, control, () => this.stopping))) return undefined;
    const { batchSizeOf } = this.settings;
    // Exactly-once: a handled record's events wait in its slot for the transaction that commits past it.
    const keepEmitted = (items: WorkItem<ConsumedRecord>[]) => {
      for (const item of items) {
        const records = this.processor.takeEmitted(item);
        if (records) (slot.emitted ??= new Map()).set(Number(item.offset), records);
      }
    };
    const worker = new PartitionWorker<ConsumedRecord>({
      keyConcurrency: this.settings.keyConcurrency,
      run: (item) => this.processor.process(item).then(() => keepEmitted([item])),
      isBlocked: (_key, item) => this.processor.isBlocked(item),
      mayStart: () => (!this.suspended || this.stopping) && !this.lanes.higherLaneBusy(topic),
      ...(batchSizeOf && {
        runBatch: (items: WorkItem<ConsumedRecord>[]) => this.processor.processBatch(items).then(() => keepEmitted(items)),
        batchOf: batchGroupOf(batchSizeOf),
      }),
      onSettled: () => this.settled(topic),
      // A database outage is told once, by the gate; the record waits there.
      onRunError: (error, item) =>
        this.settings.gate && isDatabaseUnavailable(error)
          ? undefined
          : this.logger.warn(`could not settle ${topic}/${partition}@${item.offset}, trying again: ${error instanceof Error ? error.message : error}`),
    });
    const slot: Slot = { topic, partition, role, worker, highWatermark: 0n, fetchedTo: 0n, lastBatchAt: 0, generation: this.generation };
    this.slots.set(slotId(topic, partition), slot);
    return slot;
  }

  private retireAll(): void {
    for (const [id, slot] of this.slots) void this.retire(id, slot);
    this.pauser.resumeAll();
  }

  /** Drops a partition's queued work, lets running records finish and commits what settled. */
  private retire(id: string, slot: Slot): Promise<void> {
    if (this.slots.get(id) === slot) this.slots.delete(id);
    const done = slot.worker
      .close()
      .then(() => this.committer.commit([slot]))
      // Expected when the group moved on while handlers ran: those records are read again by the
      // partition's next owner, and the idempotency guard skips them.
      .catch((error) =>
        this.logger.log(
          `records of ${slot.topic}/${slot.partition} that settled during the rebalance were not committed (${error instanceof Error ? error.message : error}); its next owner reads them again`,
        ),
      )
      .finally(() => {
        if (this.closing.get(id) === done) this.closing.delete(id);
        if (!this.slots.has(id) && this.settings.roleOf(slot.topic).tier === 0) this.parking.forget(slot.topic, slot.partition);
      });
    this.closing.set(id, done);
    return done;
  }

  private released(topic: string, partition: number, key: string, outcome: ParkOutcome): void {
    const slot = this.slots.get(slotId(topic, partition));
    if (!slot) return;
    if (outcome === 'dead-lettered' && this.settings.afterDeadLetter === 'dead-letter') {
      this.processor
        .deadLetterQueuedBehind(slot.worker, key)
        ?.catch((e) => this.logger.error(`could not dead-letter the events behind key ${key}: ${e}; they are read again after a restart`));
    }
    slot.worker.kick();
  }

  private settled(topic: string): void {
    this.lanes.settled(topic);
    this.pauser.schedule();
    if (!this.stopping) this.committer.schedule();
  }

  /** Commits every partition's settled prefix; one commit at a time. */
  commitNow(): Promise<void> {
    return this.committer.commitNow();
  }
}
