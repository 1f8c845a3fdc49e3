import { BrokerUnavailableError, PublishFailedError } from '../../errors/kafka.errors';
import { toStreamlineError } from './kafkajs-error-mapping';

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
