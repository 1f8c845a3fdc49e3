import { BrokerUnavailableError } from '../errors/kafka.errors';

/** Tuning of a SendBatcher. */
export interface SendBatcherOptions {
  /** Largest number of records in one request. */
  maxBatchRecords: number;
  /** Largest sum of value+key+header bytes in one request (a single larger group still goes alone). */
  maxBatchBytes: number;
  /**
   * Under load only: how long a batch that is not full waits for more records after the previous
   * request completed. A record arriving while nothing is in flight is sent at once. 0 = never wait.
   */
  lingerMs: number;
  /** Records allowed to wait; beyond it, publishing fails at once instead of buffering without bound. */
  maxQueuedRecords: number;
}

/** What a group of records costs in a request. */
export interface Sized {
  bytes: number;
}

/** The outcome of one enqueued group: `settled` is Kafka's final word (the caller bounds how long it waits for it). */
export interface Enqueued<R> {
  settled: Promise<R[]>;
}

interface Group<T, R> {
  records: T[];
  bytes: number;
  deadline: NodeJS.Timeout;
  state: 'queued' | 'sending' | 'done';
  resolve(results: R[]): void;
  reject(error: unknown): void;
}

/**
 * Coalesces concurrent publishes into few Kafka requests while keeping exactly one request in
 * flight. One at a time is what keeps kafkajs' idempotent producer correct: it numbers records
 * per partition when a request is built, and concurrent sends on one producer have been seen
 * to reorder or drop records (kafkajs #598, #1005). Records are sent in the order they were
 * enqueued and a group (one publish call) is never split, so per-key order holds.
 *
 * When idle, a record goes out on the next turn of the event loop (no added latency); while a
 * request is in flight, whatever arrives waits and leaves together in the next request.
 */
export class SendBatcher<T extends Sized, R> {
  private readonly queue: Group<T, R>[] = [];
  private queuedRecords = 0;
  private sending = false;
  private scheduled = false;
  private closed = false;
  private lastSendEnded = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly send: (records: T[]) => Promise<R[]>,
    private readonly options: SendBatcherOptions,
    private readonly onBatch: (size: number) => void = () => undefined,
  ) {}

  /** Records waiting, not yet handed to Kafka. */
  get depth(): number {
    return this.queuedRecords;
  }

  /**
   * Queues one group. A group still queued after `timeoutMs` is dropped (never sent) and
   * `settled` rejects with BrokerUnavailableError; a group already sent waits for Kafka's answer,
   * which `settled` reports (the caller answers its own caller at its deadline).
   */
  enqueue(records: T[], timeoutMs: number): Enqueued<R> {
    if (this.closed) {
      return refused(new BrokerUnavailableError('the producer is shutting down; nothing was published'));
    }
    if (this.queuedRecords + records.length > this.options.maxQueuedRecords) {
      return refused(
        new BrokerUnavailableError(
          `${this.queuedRecords} records are already waiting for Kafka (limit ${this.options.maxQueuedRecords}); nothing was published`,
        ),
      );
    }
    const settled = new Promise<R[]>((resolve, reject) => {
      const group: Group<T, R> = {
        records,
        bytes: records.reduce((sum, r) => sum + r.bytes, 0),
        state: 'queued',
        deadline: setTimeout(() => this.expire(group, timeoutMs), timeoutMs),
        resolve: (results) => {
          group.state = 'done';
          clearTimeout(group.deadline);
          resolve(results);
        },
        reject: (error) => {
          group.state = 'done';
          clearTimeout(group.deadline);
          reject(error);
        },
      };
      group.deadline.unref();
      this.queue.push(group);
      this.queuedRecords += records.length;
    });
    // A caller that stopped waiting (its deadline passed) leaves a later rejection unobserved.
    settled.catch(() => undefined);
    this.schedule();
    return { settled };
  }

  /** Resolves once nothing is queued or in flight. */
  flush(): Promise<void> {
    if (!this.sending && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new records, then waits until what was accepted is sent (or has expired). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** A group still queued at its deadline is dropped, never sent; one already sent waits for Kafka's answer. */
  private expire(group: Group<T, R>, timeoutMs: number): void {
    if (group.state !== 'queued') return;
    this.remove(group);
    group.reject(new BrokerUnavailableError(`Kafka could not take the event within ${timeoutMs} ms; nothing was published`));
    this.notifyIdle();
  }

  private remove(group: Group<T, R>): void {
    const index = this.queue.indexOf(group);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.queuedRecords -= group.records.length;
    }
  }

  private schedule(delayMs = 0): void {
    if (this.scheduled || this.sending) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.drain();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  private async drain(): Promise<void> {
    if (this.sending || this.queue.length === 0) return this.notifyIdle();
    const waited = Date.now() - this.lastSendEnded;
    const underLoad = this.lastSendEnded > 0 && waited < this.options.lingerMs;
    if (underLoad && !this.closed && this.queuedRecords < this.options.maxBatchRecords) {
      return this.schedule(this.options.lingerMs - waited);
    }
    const batch = this.takeBatch();
    this.sending = true;
    this.onBatch(batch.reduce((n, g) => n + g.records.length, 0));
    try {
      const results = await this.send(batch.flatMap((g) => g.records));
      let offset = 0;
      for (const group of batch) {
        group.resolve(results.slice(offset, offset + group.records.length));
        offset += group.records.length;
      }
    } catch (error) {
      batch.forEach((group) => group.reject(error));
    } finally {
      this.sending = false;
      this.lastSendEnded = Date.now();
      if (this.queue.length > 0) this.schedule();
      else this.notifyIdle();
    }
  }

  private takeBatch(): Group<T, R>[] {
    const batch: Group<T, R>[] = [];
    let records = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      const fits = records + next.records.length <= this.options.maxBatchRecords && bytes + next.bytes <= this.options.maxBatchBytes;
      if (batch.length > 0 && !fits) break;
      this.queue.shift();
      this.queuedRecords -= next.records.length;
      next.state = 'sending';
      batch.push(next);
      records += next.records.length;
      bytes += next.bytes;
    }
    return batch;
  }

  private notifyIdle(): void {
    if (this.sending || this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}

function refused<R>(error: Error): Enqueued<R> {
  const rejected = Promise.reject(error);
  rejected.catch(() => undefined);
  return { settled: rejected };
}
