import { DecodeFailureReason, parseDeadLetterTopic, StreamlineErrorCode } from '@streamline/schemas';
import { UsageError } from '../errors/cli.errors';

/**
 * Every reason a dead letter can carry: a decode reason, an error's code, a key parked behind a
 * dead letter, and `unknown` for a record without the header. A Record over the union, so a
 * reason added to the schemas fails to compile here until it is listed.
 */
const REASONS: Record<DecodeFailureReason | StreamlineErrorCode | 'parked-behind-dead-letter' | 'unknown', true> = {
  'missing-header': true,
  'invalid-attributes': true,
  'unsupported-specversion': true,
  'unknown-type': true,
  'invalid-utf8': true,
  'not-json': true,
  'invalid-data': true,
  oversized: true,
  'schema-validation': true,
  decode: true,
  config: true,
  'broker-unavailable': true,
  'access-denied': true,
  'database-unavailable': true,
  'publish-failed': true,
  'duplicate-conflict': true,
  'handler-failed': true,
  'guard-refused': true,
  'illegal-state': true,
  timeout: true,
  cancelled: true,
  'parked-behind-dead-letter': true,
  unknown: true,
};

export const DEAD_LETTER_REASONS: readonly string[] = Object.keys(REASONS).sort();

/** `--reason` values, each checked against the known reasons: a typo would silently match nothing. */
export function parseReasons(value: string, previous: string[] | undefined): string[] {
  const reasons = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = reasons.filter((r) => !DEAD_LETTER_REASONS.includes(r));
  if (unknown.length > 0) throw new UsageError(`unknown --reason ${unknown.map((r) => `"${r}"`).join(', ')}; known reasons: ${DEAD_LETTER_REASONS.join(', ')}`);
  return [...(previous ?? []), ...reasons];
}

/** Refuses a topic that is not named as the consumer runtime names dead-letter topics. */
export function requireDeadLetterTopic(topic: string): void {
  if (!parseDeadLetterTopic(topic)) {
    throw new UsageError(
      `${topic} is not a dead-letter topic: those are named <topic>.<group>.dlq, e.g. orders.streamline-consumer.dlq (streamline topics lists them)`,
    );
  }
}
