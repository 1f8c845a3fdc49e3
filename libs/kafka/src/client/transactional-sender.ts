import { OutgoingRecord } from './record-sender';

/** Offsets a group has consumed up to (the next record to read), committed with a transaction. */
export interface ConsumedOffsets {
  groupId: string;
  offsets: { topic: string; partition: number; offset: string }[];
  /**
   * The member committing them, where the client sends it (KIP-447): the group coordinator then
   * refuses the commit of a member the group has moved on from. Clients without it ignore it.
   */
  member?: GroupMember;
}

/** A member of a group as the coordinator knows it. */
export interface GroupMember {
  memberId: string;
  generationId: number;
  /** The broker coordinating the group. */
  coordinatorId?: number;
}

/** How a transactional sender writes. */
export interface TransactionalSettings {
  /**
   * Kafka's `transactional.id`. A producer started with an id fences every earlier one with the
   * same id, and aborts the transaction it left open.
   */
  transactionalId: string;
  /** Longest a transaction may stay open before the broker aborts it (a member that died with one open). */
  transactionTimeoutMs: number;
  /** Milliseconds one request may take before the client retries it. */
  requestTimeoutMs: number;
}

/**
 * Writes records and commits a group's consumed offsets in one Kafka transaction: readers with
 * `isolation.level=read_committed` see the records if and only if the offsets moved, so a
 * consume-transform-produce step happens exactly once however often its input is read.
 */
export interface TransactionalSender {
  connect(): Promise<void>;
  /**
   * Writes `records` (partition chosen) and commits `consumed` in one transaction. Rejects after
   * aborting it when either part fails: nothing of it is visible to read_committed readers, and
   * the call may be repeated with the same records.
   */
  commit(records: OutgoingRecord[], consumed: ConsumedOffsets): Promise<void>;
  /** Disconnects, aborting nothing that committed; waits at most `timeoutMs`. */
  disconnect(timeoutMs: number): Promise<void>;
}
