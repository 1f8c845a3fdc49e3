import { BrokerUnavailableError, PublishFailedError } from '../../errors/kafka.errors';
import { isUnknownTopic, toStreamlineError } from './kafkajs-error-mapping';

describe('toStreamlineError', () => {
  it('calls connection loss, timeouts and leader moves retriable, also when wrapped', () => {
    const connection = Object.assign(new Error('connect ECONNREFUSED'), { name: 'KafkaJSConnectionError', retriable: true });
    for (const error of [
      connection,
      Object.assign(new Error('timed out'), { name: 'KafkaJSProtocolError', type: 'REQUEST_TIMED_OUT', retriable: true }),
      Object.assign(new Error('gave up'), { name: 'KafkaJSNonRetriableError', originalError: connection }),
      Object.assign(new Error('gave up'), { name: 'KafkaJSNumberOfRetriesExceeded' }),
    ]) {
      expect(toStreamlineError(error, 'publishing')).toBeInstanceOf(BrokerUnavailableError);
    }
  });

  it('calls a refusal for good fatal, keeping the cause', () => {
    const tooLarge = Object.assign(new Error('too large'), { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE', retriable: false });
    const mapped = toStreamlineError(tooLarge, 'publishing');
    expect(mapped).toBeInstanceOf(PublishFailedError);
    expect(mapped.retriable).toBe(false);
    expect(mapped.cause).toBe(tooLarge);
    expect(mapped.message).toBe('publishing: too large');
  });
});

describe('isUnknownTopic', () => {
  const protocolError = () =>
    Object.assign(new Error('This server does not host this topic-partition'), { name: 'KafkaJSProtocolError', type: 'UNKNOWN_TOPIC_OR_PARTITION' });

  it("recognises the broker's unknown topic as kafkajs raises it, passed on by its retrier or aggregated by its admin", () => {
    expect(isUnknownTopic(protocolError())).toBe(true);
    expect(
      isUnknownTopic({ name: 'KafkaJSNumberOfRetriesExceeded', message: 'This server does not host this topic-partition', originalError: protocolError() }),
    ).toBe(true);
    expect(isUnknownTopic({ name: 'KafkaJSAggregateError', errors: [new Error('other'), protocolError()] })).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isUnknownTopic(Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' }))).toBe(false);
    expect(isUnknownTopic({ type: 'LEADER_NOT_AVAILABLE' })).toBe(false);
  });
});
