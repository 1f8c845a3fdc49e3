import { TopicRole } from './record-processor';
import { DatabaseGate } from './database-gate';
import { Transactions } from './exactly-once/transactional-committer';

/** Logging of the engine. */
export interface EngineLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Settings of a ConsumerEngine. */
export interface EngineSettings {
  keyConcurrency: number;
  maxInFlight: number;
  commitIntervalMs: number;
  afterDeadLetter: 'continue' | 'dead-letter';
  roleOf(topic: string): TopicRole;
  /** Lane of a source topic, 0 = highest. */
  laneOf(topic: string): number;
  /** Number of the lowest lane (0 when there are no lanes). */
  lanes: number;
  /** Largest batch of an event type that has a batch handler; undefined for the others. Left out when there are no batch handlers. */
  batchSizeOf?(type: string): number | undefined;
  /**
   * Without priority lanes: how long a source batch that does not fit under the in-flight bound
   * is held, taking its records as room frees, before the rest is left to be fetched again.
   * 0 = never hold, pause fetching instead.
   */
  holdForRoomMs?: number;
  /** Closed while the database is unreachable (loading a partition's parked keys waits for it). */
  gate?: DatabaseGate;
  /** Exactly-once mode: every commit is a transaction with the events handlers emitted. */
  transactions?: Transactions;
}
