import { UsageError } from '../errors/cli.errors';
import { DEAD_LETTER_REASONS, parseReasons, requireDeadLetterTopic } from './dead-letter-reasons';

describe('dead-letter reasons and topics', () => {
  it('accepts known reasons, repeated and comma-separated', () => {
    expect(parseReasons('illegal-state,not-json', ['handler-failed'])).toEqual(['handler-failed', 'illegal-state', 'not-json']);
  });

  it('refuses an unknown reason, listing every known one', () => {
    expect(() => parseReasons('illegal-state,bogus', undefined)).toThrow(UsageError);
    expect(() => parseReasons('bogus', undefined)).toThrow(`unknown --reason "bogus"; known reasons: ${DEAD_LETTER_REASONS.join(', ')}`);
  });

  it('knows what the consumer runtime writes: decode reasons, error codes, parked keys', () => {
    expect(DEAD_LETTER_REASONS).toEqual(expect.arrayContaining(['not-json', 'invalid-data', 'handler-failed', 'illegal-state', 'parked-behind-dead-letter']));
  });

  it('refuses a topic not named <topic>.<group>.dlq', () => {
    expect(() => requireDeadLetterTopic('staging.orders.streamline-consumer.dlq')).not.toThrow();
    expect(() => requireDeadLetterTopic('orders')).toThrow('orders is not a dead-letter topic');
    expect(() => requireDeadLetterTopic('orders.dlq')).toThrow(UsageError);
  });
});
