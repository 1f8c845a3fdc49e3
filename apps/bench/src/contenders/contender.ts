/** What the orchestrator tells a contender process. */
export interface ContenderParams {
  brokers: string[];
  /** Prefix of the registry topic: the contender reads or writes `<topicPrefix>orders`. */
  topicPrefix: string;
  count: number;
  /** Distinct keys of the produced events. */
  keys: number;
  /** Events per send call (producers). */
  batchSize: number;
  /** Send calls in flight at once (producers). */
  concurrency: number;
  /** Consumer group (consumers). */
  groupId: string;
  /** Milliseconds each handled event awaits (I/O-bound consumers); 0 for a no-op handler. */
  handlerDelayMs: number;
  /** Partitions of the topic. */
  partitions: number;
  /** Streamline consumers: keys of a partition handled at once; unset keeps the runtime's default. */
  keyConcurrency?: number;
  /** Streamline contenders: the Kafka client behind the runtime; unset keeps the default (kafkajs). */
  client?: 'kafkajs' | 'platformatic';
}

/** What a contender measured. */
export interface ContenderResult {
  count: number;
  seconds: number;
  /** Records per second over the timed part. */
  rate: number;
  /** Peak resident set of the contender's process, MB. */
  peakRssMb: number;
  /** Per-key order violations seen by the handler (consumers that check order). */
  orderViolations?: number;
  /** 99th percentile latency of the run, ms (HTTP ingest, end to end). */
  p99Ms?: number;
  /** Other figures of the run worth keeping (latency percentiles, counts). */
  details?: Record<string, unknown>;
}

/** The line a contender prints last; the orchestrator reads it from stdout. */
export const RESULT_MARKER = 'BENCH_RESULT ';

export function topicOf(params: Pick<ContenderParams, 'topicPrefix'>): string {
  return `${params.topicPrefix}orders`;
}

/** Builds a contender result from a count and the timed span. */
export function resultOf(count: number, startedAt: number, endedAt: number, extra: Partial<ContenderResult> = {}): ContenderResult {
  const seconds = (endedAt - startedAt) / 1000;
  return {
    count,
    seconds,
    rate: seconds > 0 ? count / seconds : 0,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...extra,
  };
}

/** Runs `send` over `items` in chunks of `size`, with at most `concurrency` chunks in flight. */
export async function inChunks<T>(items: T[], size: number, concurrency: number, send: (chunk: T[]) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, next + size);
      next += size;
      await send(chunk);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** Resolves once `done()` holds, checking every `intervalMs`. */
export function until(done: () => boolean, intervalMs = 5): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (done()) {
        clearInterval(timer);
        resolve();
      }
    }, intervalMs);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
