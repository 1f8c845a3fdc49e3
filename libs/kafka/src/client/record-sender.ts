import { StreamlineError } from '@streamline/schemas';

/** A record to write to one partition. The partition is chosen before sending (murmur2 of the key, like Java clients). */
export interface OutgoingRecord {
  topic: string;
  partition: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  /** A name may repeat (an array), as Kafka allows. */
  headers: Record<string, Buffer | string | (Buffer | string)[]>;
}

/** Where Kafka put one record. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** What became of one record: its position, or why it was not written. */
export type RecordOutcome = RecordPosition | StreamlineError;

/** How a sender writes. */
export interface SenderSettings {
  /** Milliseconds one produce request may take before the client retries it. */
  requestTimeoutMs: number;
  /** Compression of record batches. */
  compression: 'none' | 'gzip';
  /**
   * The broker believed to lead a partition, when the caller knows it: records of one leader are
   * then sent in one request of their own. Optional; a client that routes by itself ignores it.
   */
  leaderOf?: (topic: string, partition: number) => number;
}

/**
 * Writes records idempotently with acknowledgement from all in-sync replicas, retrying a request
 * whose outcome is unknown without limit (giving up would let later records take its sequence
 * numbers and be dropped as duplicates). A client whose producer id the broker no longer accepts
 * replaces its producer, so the next send goes through.
 */
export interface RecordSender {
  connect(): Promise<void>;
  /** True once connected. */
  readonly connected: boolean;
  /** Writes `records`; resolves with one outcome per record, in order. Never rejects. */
  send(records: OutgoingRecord[]): Promise<RecordOutcome[]>;
  /** Disconnects, waiting at most `timeoutMs` for requests in flight. */
  disconnect(timeoutMs: number): Promise<void>;
}

/** Sends `records` and rejects with the first failure, for callers that need all or nothing. */
export async function sendAll(sender: RecordSender, records: OutgoingRecord[]): Promise<RecordPosition[]> {
  const outcomes = await sender.send(records);
  const failure = outcomes.find((o): o is StreamlineError => o instanceof Error);
  if (failure) throw failure;
  return outcomes as RecordPosition[];
}
