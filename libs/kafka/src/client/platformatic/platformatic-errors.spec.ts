import { KafkaAccessDeniedError } from '../../errors/access-denied.error';
import { BrokerUnavailableError, PublishFailedError } from '../../errors/kafka.errors';
import { isProducerStateLost, isUnavailable, isUnknownTopic, toStreamlineError } from './platformatic-errors';

const protocolError = (apiId: string) => ({ code: 'PLT_KFK_PROTOCOL', apiId, message: `${apiId} message` });
const multiple = (...errors: unknown[]) => ({ code: 'PLT_KFK_MULTIPLE', message: 'produce failed 3 times.', errors });

describe('platformatic error mapping', () => {
  it('maps a connection failure or a timeout, at any depth, to BrokerUnavailableError', () => {
    const error = toStreamlineError(multiple({ code: 'PLT_KFK_NETWORK', message: 'Connection closed' }), 'sending');
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error.retriable).toBe(true);
    expect(isUnavailable({ code: 'PLT_KFK_TIMEOUT', message: 'Request timed out' })).toBe(true);
  });

  it('maps a leader election or missing replicas to BrokerUnavailableError', () => {
    expect(isUnavailable(multiple({ code: 'PLT_KFK_RESPONSE', errors: [protocolError('NOT_ENOUGH_REPLICAS')] }))).toBe(true);
    expect(isUnavailable(protocolError('LEADER_NOT_AVAILABLE'))).toBe(true);
  });

  it('maps a refusal for good to PublishFailedError, keeping the cause and the Kafka error name', () => {
    const cause = { code: 'PLT_KFK_RESPONSE', message: 'Received response with error', errors: [protocolError('RECORD_LIST_TOO_LARGE')] };
    const error = toStreamlineError(cause, 'sending');
    expect(error).toBeInstanceOf(PublishFailedError);
    expect(error.message).toContain('RECORD_LIST_TOO_LARGE');
    expect(error.cause).toBe(cause);
  });

  it('maps a missing ACL, a refused login and an untrusted certificate to KafkaAccessDeniedError, however deep the library nests them', () => {
    const acl = toStreamlineError(
      multiple({ code: 'PLT_KFK_RESPONSE', errors: [protocolError('TOPIC_AUTHORIZATION_FAILED')] }),
      'sending',
      'WRITE on topic orders',
    );
    expect(acl).toBeInstanceOf(KafkaAccessDeniedError);
    expect(acl.message).toMatch(/^Kafka refused WRITE on topic orders \(TOPIC_AUTHORIZATION_FAILED\): grant the principal/);
    // As the library reports a wrong password: listing, retries, brokers, connection, SASL, response, protocol.
    let login: unknown = protocolError('SASL_AUTHENTICATION_FAILED');
    login = { code: 'PLT_KFK_AUTHENTICATION', message: 'SASL authentication failed.', cause: multiple(login) };
    login = { code: 'PLT_KFK_NETWORK', message: 'Connection to 127.0.0.1:9093 failed.', cause: login };
    for (let i = 0; i < 3; i++) login = multiple(login);
    expect(toStreamlineError(login, 'listing topics').message).toMatch(/^Kafka refused the login \(SASL_AUTHENTICATION_FAILED\)/);
    const tls = multiple({
      code: 'PLT_KFK_NETWORK',
      message: 'Connection failed.',
      cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' },
    });
    expect(toStreamlineError(tls, 'connecting').message).toMatch(
      /^the broker's TLS certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain\)/,
    );
  });

  it('recognises the errors after which the producer id must be replaced', () => {
    expect(isProducerStateLost(multiple(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER')))).toBe(true);
    expect(isProducerStateLost(protocolError('UNKNOWN_PRODUCER_ID'))).toBe(true);
    expect(isProducerStateLost(protocolError('NOT_LEADER_OR_FOLLOWER'))).toBe(false);
  });
});

describe('unknown topics in @platformatic/kafka', () => {
  it("finds the broker's UNKNOWN_TOPIC_OR_PARTITION under the library's aggregate, or as the UserError its metadata call makes of it, and nothing else", () => {
    expect(isUnknownTopic(multiple(protocolError('UNKNOWN_TOPIC_OR_PARTITION')))).toBe(true);
    expect(isUnknownTopic({ code: 'PLT_KFK_USER', message: 'Unknown topic orders.' })).toBe(true);
    expect(isUnknownTopic(multiple(protocolError('LEADER_NOT_AVAILABLE')))).toBe(false);
    expect(isUnknownTopic({ code: 'PLT_KFK_USER', message: 'Invalid option.' })).toBe(false);
  });
});
