import { accessProblemOf, KafkaAccessDeniedError, toAccessDenied } from './access-denied.error';

/** Errors shaped as kafkajs throws them: a protocol error inside a retry error, a SASL error, a connection error with Node's TLS code. */
const protocolError = (type: string) => ({
  name: 'KafkaJSNonRetriableError',
  message: 'retries exceeded',
  originalError: { name: 'KafkaJSProtocolError', type, message: 'Not authorized' },
});
const saslError = {
  name: 'KafkaJSSASLAuthenticationError',
  message: 'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
};
const tlsError = {
  name: 'KafkaJSConnectionError',
  code: 'SELF_SIGNED_CERT_IN_CHAIN',
  message: 'Connection error: self-signed certificate in certificate chain',
};

describe('toAccessDenied', () => {
  it('names the operation, the resource and the broker error code of a missing ACL, and says what to fix', () => {
    const error = toAccessDenied(protocolError('TOPIC_AUTHORIZATION_FAILED'), 'WRITE on topic orders');
    expect(error).toBeInstanceOf(KafkaAccessDeniedError);
    expect(error!.message).toBe(
      'Kafka refused WRITE on topic orders (TOPIC_AUTHORIZATION_FAILED): grant the principal this ACL (docs/security.md lists what each service needs)',
    );
    expect(error!.code).toBe('access-denied');
    expect(error!.retriable).toBe(true);
  });

  it('recognises group and cluster authorization failures too', () => {
    expect(accessProblemOf(protocolError('GROUP_AUTHORIZATION_FAILED'))).toEqual({ kind: 'authorization', type: 'GROUP_AUTHORIZATION_FAILED' });
    expect(accessProblemOf(protocolError('CLUSTER_AUTHORIZATION_FAILED'))?.kind).toBe('authorization');
  });

  it('says a refused login is one and names the variables to check, in one line', () => {
    const error = toAccessDenied({ name: 'KafkaJSNumberOfRetriesExceeded', originalError: saslError });
    expect(error!.message).toBe(
      'Kafka refused the login (SASL_AUTHENTICATION_FAILED): check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or …_FILE)',
    );
    expect(error!.message).not.toContain('\n');
  });

  it("names the certificate problem in TLS's own words", () => {
    expect(toAccessDenied(tlsError)!.message).toMatch(
      /^the broker's TLS certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain\): set KAFKA_SSL_CA_FILE/,
    );
    expect(accessProblemOf({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toEqual({ kind: 'tls', type: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('finds the refusal inside an aggregate of per-topic errors (topic creation)', () => {
    expect(accessProblemOf({ name: 'KafkaJSAggregateError', errors: [{ name: 'KafkaJSCreateTopicError', type: 'TOPIC_AUTHORIZATION_FAILED' }] })?.type).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
  });

  it('leaves other failures alone', () => {
    expect(toAccessDenied({ name: 'KafkaJSConnectionError', code: 'ECONNREFUSED', message: 'Connection error: connect ECONNREFUSED' })).toBeUndefined();
    expect(toAccessDenied(protocolError('NOT_LEADER_OR_FOLLOWER'))).toBeUndefined();
    expect(toAccessDenied(undefined)).toBeUndefined();
  });
});
