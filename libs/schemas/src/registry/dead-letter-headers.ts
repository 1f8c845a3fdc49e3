/**
 * Headers Streamline adds to a dead-letter or retry record, next to the original headers.
 * Read by the consumer runtime (attempt counting), the CLI (dlq list/show/redrive) and people.
 */
export const DEAD_LETTER_HEADERS = {
  /** Short machine-readable reason: a decode reason (`not-json`, …) or `handler-failed`, `illegal-state`, … */
  reason: 'streamline_error_reason',
  /** The error's message. */
  message: 'streamline_error_message',
  /** The error class name. */
  errorName: 'streamline_error_name',
  /** Topic, partition and offset the record was first read from. */
  sourceTopic: 'streamline_source_topic',
  sourcePartition: 'streamline_source_partition',
  sourceOffset: 'streamline_source_offset',
  /** Consumer group that gave up on it. */
  group: 'streamline_group',
  /** How many times the handler was tried (0 when it never reached a handler). */
  attempts: 'streamline_attempts',
  /** ISO time of the failure. */
  failedAt: 'streamline_failed_at',
} as const;
