/**
 * Headers of the retry and delay machinery, next to DEAD_LETTER_HEADERS (which a retry record
 * carries too: reason, source position, attempts).
 */
export const RETRY_HEADERS = {
  /** Retry tier the record was written to (1-based). */
  tier: 'streamline_retry_tier',
  /** Epoch milliseconds before which the record is not handled. */
  dueAt: 'streamline_due_at',
} as const;

/**
 * Delayed delivery: an event published with this header (ISO 8601 time or epoch milliseconds)
 * is handled no earlier than that time. Later events of the same key wait behind it.
 */
export const DELIVER_AT_HEADER = 'streamline_deliver_at';

/** Headers that make an event due at `when`, to add to a record when publishing it. */
export function deliverAtHeaders(when: Date): Record<string, string> {
  return { [DELIVER_AT_HEADER]: when.toISOString() };
}

/** Parses a due time header (epoch ms or ISO 8601); 0 when absent or unreadable. */
export function parseDueTime(value: string | undefined): number {
  if (!value) return 0;
  const asNumber = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(asNumber) ? asNumber : 0;
}
