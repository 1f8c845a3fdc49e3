import { hostname, userInfo } from 'node:os';
import { KafkaConnection } from '../kafka/kafka-connection';
import { readTopic } from '../kafka/record-reader';
import { createTopicsReady } from '../kafka/topic-creation';
import { topicBounds } from '../kafka/topic-positions';
import { RedriveProgress } from './redrive-progress';

/**
 * What a redrive leaves behind besides its group's offsets, which say only *what* was sent:
 * a header on every copy it sends back, and one entry per dead-letter partition and run in the
 * dead-letter topic's redrive log (`<dead-letter topic>.redrive-log`, created by the first
 * redrive), saying who sent which offsets, when, and where to. `dlq list` reads both.
 */
export const REDRIVE_HEADERS = {
  /** `<dead-letter topic>/<partition>/<offset>` the copy was sent from. */
  from: 'streamline_redriven_from',
  /** ISO time of the redrive. */
  at: 'streamline_redriven_at',
  /** `user@host` that ran it. */
  by: 'streamline_redriven_by',
} as const;

/** One run's sends from one dead-letter partition. */
export interface RedriveLogEntry {
  deadLetterTopic: string;
  partition: number;
  /** Offsets sent, as ranges: `12-40,45`. */
  offsets: string;
  by: string;
  at: string;
  sentTo: Record<string, number>;
}

export function redriveLogTopicFor(deadLetterTopic: string): string {
  return `${deadLetterTopic}.redrive-log`;
}

/** Who and when, for the headers of this run's copies and for its log entries. */
export function redriveStamp(now = new Date()): { by: string; at: string } {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user entry for this uid (some containers): the host alone still tells the runs apart.
  }
  return { by: `${user}@${hostname()}`, at: now.toISOString() };
}

export function redriveHeaders(deadLetterTopic: string, partition: number, offset: string, stamp: { by: string; at: string }): Record<string, string> {
  return { [REDRIVE_HEADERS.from]: `${deadLetterTopic}/${partition}/${offset}`, [REDRIVE_HEADERS.at]: stamp.at, [REDRIVE_HEADERS.by]: stamp.by };
}

/** Appends entries to the log, creating it (one partition) on the first redrive of the topic. */
export async function appendRedriveLog(connection: KafkaConnection, deadLetterTopic: string, entries: RedriveLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const log = redriveLogTopicFor(deadLetterTopic);
  const admin = await connection.admin();
  if (!(await admin.listTopics()).includes(log)) await createTopicsReady(connection, [{ name: log, partitions: 1 }]);
  const producer = await connection.producer();
  await producer.send(
    log,
    entries.map((e) => ({ key: String(e.partition), value: JSON.stringify(e), headers: {} })),
  );
}

/** Every entry of the log, oldest first; none when no redrive has logged yet. */
export async function readRedriveLog(connection: KafkaConnection, deadLetterTopic: string): Promise<RedriveLogEntry[]> {
  const log = redriveLogTopicFor(deadLetterTopic);
  const admin = await connection.admin();
  if (!(await admin.listTopics()).includes(log)) return [];
  const bounds = await topicBounds(connection, log);
  const entries: RedriveLogEntry[] = [];
  await readTopic(connection, {
    topic: log,
    start: new Map(bounds.map((b) => [b.partition, b.low])),
    end: new Map(bounds.map((b) => [b.partition, b.high])),
    onBatch: async (records) => {
      for (const r of records) {
        const entry = JSON.parse(r.value?.toString('utf8') ?? 'null') as RedriveLogEntry | null;
        if (entry && entry.deadLetterTopic === deadLetterTopic) entries.push(entry);
      }
    },
  });
  return entries;
}

/** Offsets as the log keeps them: ranges, `12-40,45`. */
export function offsetRanges(offsets: Iterable<bigint>): string {
  return new RedriveProgress(0n, offsets).metadata();
}

/** Who re-drove a dead letter and when: the latest log entry that lists its offset. */
export function redriveIndex(entries: RedriveLogEntry[]): (partition: number, offset: bigint) => RedriveLogEntry | undefined {
  const parsed = entries.map((entry) => ({ entry, offsets: RedriveProgress.parse(0n, entry.offsets) })).reverse();
  return (partition, offset) => parsed.find((p) => p.entry.partition === partition && p.offsets.wasSent(offset))?.entry;
}
