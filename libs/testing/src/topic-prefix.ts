import { randomBytes } from 'node:crypto';

/**
 * A topic prefix of its own for one test (`orders` becomes `<label>-1a2b3c4d.orders`), so tests
 * sharing a broker never read each other's records. Pass it as KafkaModule's `topicPrefix`.
 */
export function randomTopicPrefix(label = 'test'): string {
  if (!/^[a-zA-Z0-9._-]+$/.test(label)) throw new Error(`randomTopicPrefix: label '${label}' may hold only letters, digits, '.', '_' and '-'`);
  return `${label}-${randomBytes(4).toString('hex')}.`;
}

/** A consumer group id of its own for one test. */
export function randomGroupId(label = 'test-group'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}
