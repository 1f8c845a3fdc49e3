import { OffsetTracker } from './offset-tracker';

/** A record waiting in a partition worker. */
export interface WorkItem<R = unknown> {
  offset: string;
  /** Ordering key; records of one key run one after another, in offset order. */
  key: string;
  /** Epoch ms before which the record must not run (retry tiers, delayed delivery); 0 = now. */
  dueAt: number;
  record: R;
}

/** Settings and callbacks of a PartitionWorker. */
export interface PartitionWorkerOptions<R> {
  /** Records (or batches) of this partition running at the same time; 1 = one at a time. */
  keyConcurrency: number;
  /**
   * Runs one record to its end (handled, dead-lettered or routed to a retry tier). A rejection
   * means it could not be settled (e.g. Kafka is down); the same record runs again after `retryBackoffMs`.
   */
  run(item: WorkItem<R>): Promise<void>;
  /** True while a key must not move (it is parked behind a retry). */
  isBlocked?(key: string, item: WorkItem<R>): boolean;
  /**
   * Records that may run together: items whose `group` matches run in one `runBatch` call, at
   * most one per key and `maxSize` in all. Undefined: the item runs alone.
   */
  batchOf?(item: WorkItem<R>): { group: string; maxSize: number } | undefined;
  /** Runs a batch to its end; the same contract as `run`. */
  runBatch?(items: WorkItem<R>[]): Promise<void>;
  /** False while the whole partition must not start records (a higher priority lane has work). */
  mayStart?(): boolean;
  /** Called after every settled record, e.g. to commit. */
  onSettled?(item: WorkItem<R>): void;
  /** Called when `run` rejected. */
  onRunError?(error: unknown, item: WorkItem<R>): void;
  retryBackoffMs?: number;
  now?: () => number;
}

/**
 * Runs the records of one partition: per-key FIFO queues, several keys at once up to
 * `keyConcurrency`, never two records of one key at once and never out of offset order within
 * a key. Knows nothing of Kafka, decoding or dead letters.
 */
export class PartitionWorker<R = unknown> {
  readonly offsets = new OffsetTracker();
  private readonly queues = new Map<string, WorkItem<R>[]>();
  /** Keys with queued records and nothing in flight, roughly in arrival order. */
  private readonly runnable = new Set<string>();
  private readonly running = new Set<string>();
  private inFlight = new Set<Promise<void>>();
  private queued = 0;
  private timer?: NodeJS.Timeout;
  private timerDueAt = Infinity;
  private closed = false;
  /** While draining, only records below the highest started offset may start. */
  private drainBelow?: number;
  private highestStarted = -1;
  private readonly now: () => number;

  constructor(private readonly options: PartitionWorkerOptions<R>) {
    this.now = options.now ?? Date.now;
  }

  /** Takes records in offset order. */
  push(items: WorkItem<R>[]): void {
    if (this.closed) return;
    for (const item of items) {
      this.offsets.add(item.offset);
      const queue = this.queues.get(item.key);
      if (queue) queue.push(item);
      else {
        this.queues.set(item.key, [item]);
        if (!this.running.has(item.key)) this.runnable.add(item.key);
      }
      this.queued++;
    }
    this.pump();
  }

  /** Records taken and not yet settled (queued, parked or running). */
  get size(): number {
    return this.queued + this.running.size;
  }

  /** Records waiting in queues (not running). */
  get waiting(): number {
    return this.queued;
  }

  /** Re-evaluates blocked keys and due times, e.g. after a key was released. */
  kick(): void {
    this.pump();
  }

  /** Removes and returns the queued (not running) records of a key. */
  take(key: string): WorkItem<R>[] {
    const items = this.queues.get(key)?.splice(0) ?? [];
    this.queues.delete(key);
    this.runnable.delete(key);
    this.queued -= items.length;
    return items;
  }

  /** Marks records taken with `take` as settled, in order. */
  settleTaken(items: WorkItem<R>[]): void {
    for (const item of items) {
      this.offsets.settle(item.offset);
      this.options.onSettled?.(item);
    }
  }

  /**
   * Graceful end: starts only the queued records below the highest offset already started (so
   * the settled prefix reaches every handled record), waits for them and the running ones, then
   * closes. Records of blocked keys, or not yet due, are left for the next owner.
   */
  async drain(): Promise<void> {
    this.drainBelow = this.highestStarted;
    this.pump();
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight]);
      this.pump();
    }
    await this.close();
  }

  /** Stops starting records, drops the queued ones, and resolves when the running ones are done. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.queues.clear();
    this.runnable.clear();
    this.queued = 0;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Resolves when nothing is running (queued records may remain). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private pump(): void {
    if (this.closed) return;
    if (this.options.mayStart && !this.options.mayStart()) return;
    const now = this.now();
    let nextDue = Infinity;
    for (const key of this.runnable) {
      if (this.inFlight.size >= this.options.keyConcurrency) break;
      const head = this.queues.get(key)![0];
      const wait = this.waitOf(key, head, now);
      if (wait === 'blocked') continue;
      if (wait > 0) {
        nextDue = Math.min(nextDue, wait);
        continue;
      }
      const batch = this.options.runBatch ? this.options.batchOf?.(head) : undefined;
      if (batch) this.startBatch(this.collectBatch(key, batch, now));
      else this.start(key);
    }
    if (nextDue < Infinity) this.wakeAt(nextDue);
  }

  /** 0 when the head may start now, its due time when it must wait for it, or blocked. */
  private waitOf(key: string, head: WorkItem<R>, now: number): number | 'blocked' {
    if (this.drainBelow !== undefined && Number(head.offset) >= this.drainBelow) return 'blocked';
    if (head.dueAt > now) return head.dueAt;
    if (this.options.isBlocked?.(key, head)) return 'blocked';
    return 0;
  }

  /** The key's head and the heads of other runnable keys of the same batch group. */
  private collectBatch(first: string, { group, maxSize }: { group: string; maxSize: number }, now: number): string[] {
    const keys = [first];
    for (const key of this.runnable) {
      if (keys.length >= maxSize) break;
      if (key === first) continue;
      const head = this.queues.get(key)![0];
      if (this.waitOf(key, head, now) !== 0 || this.options.batchOf!(head)?.group !== group) continue;
      keys.push(key);
    }
    return keys;
  }

  private startBatch(keys: string[]): void {
    const taken = keys.map((key) => {
      const queue = this.queues.get(key)!;
      const item = queue.shift()!;
      this.queued--;
      if (Number(item.offset) > this.highestStarted) this.highestStarted = Number(item.offset);
      this.runnable.delete(key);
      this.running.add(key);
      return { key, queue, item };
    });
    const items = taken.map((t) => t.item);
    const done: Promise<void> = this.runToEnd(items, () => this.options.runBatch!(items)).then((settled) => this.finished(done, taken, settled));
    this.inFlight.add(done);
  }

  private start(key: string): void {
    const queue = this.queues.get(key)!;
    const item = queue.shift()!;
    this.queued--;
    if (Number(item.offset) > this.highestStarted) this.highestStarted = Number(item.offset);
    this.runnable.delete(key);
    this.running.add(key);
    const done: Promise<void> = this.runToEnd([item], () => this.options.run(item)).then((settled) => this.finished(done, [{ key, queue, item }], settled));
    this.inFlight.add(done);
  }

  private finished(done: Promise<void>, taken: { key: string; queue: WorkItem<R>[]; item: WorkItem<R> }[], settled: boolean): void {
    this.inFlight.delete(done);
    for (const { key, queue } of taken) {
      this.running.delete(key);
      if (this.closed) continue;
      if (queue.length > 0) this.runnable.add(key);
      else if (this.queues.get(key) === queue) this.queues.delete(key);
    }
    // Told after the records left `running`, so the worker's size already counts them out.
    if (settled) for (const { item } of taken) this.options.onSettled?.(item);
    this.pump();
  }

  /** Runs records until they settle; false when the worker closed before they could. */
  private async runToEnd(items: WorkItem<R>[], run: () => Promise<void>): Promise<boolean> {
    for (;;) {
      try {
        await run();
        for (const item of items) this.offsets.settle(item.offset);
        return true;
      } catch (error) {
        this.options.onRunError?.(error, items[0]);
        if (this.closed) return false;
        await new Promise((resolve) => setTimeout(resolve, this.options.retryBackoffMs ?? 1000));
        if (this.closed) return false;
      }
    }
  }

  private wakeAt(dueAt: number): void {
    if (this.timer && dueAt >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerDueAt = Infinity;
        this.pump();
      },
      Math.max(0, dueAt - this.now()),
    );
  }
}
