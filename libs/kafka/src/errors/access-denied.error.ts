import { ErrorContext, StreamlineError } from '@streamline/schemas';

/**
 * Kafka refused who we are or what we asked: a failed login (SASL), a missing ACL, or a broker
 * certificate the client does not trust. Retriable: fixing the credentials, the ACL or the CA
 * makes the same request succeed, so callers answer 503 and retry with back-off, not crash.
 */
export class KafkaAccessDeniedError extends StreamlineError {
  constructor(
    readonly problem: AccessProblem,
    message: string,
    options: { cause?: unknown; context?: ErrorContext } = {},
  ) {
    super('access-denied', message, true, options);
  }
}

/** What kind of refusal it was and the broker's or TLS's own name for it. */
export interface AccessProblem {
  kind: 'authentication' | 'authorization' | 'tls';
  /** e.g. TOPIC_AUTHORIZATION_FAILED, SASL_AUTHENTICATION_FAILED, SELF_SIGNED_CERT_IN_CHAIN. */
  type: string;
}

/** The fields of either client's errors read here: kafkajs names Kafka's error `type`, @platformatic/kafka `apiId`. */
type ClientError = {
  name?: string;
  type?: string;
  apiId?: string;
  code?: unknown;
  message?: string;
  originalError?: unknown;
  cause?: unknown;
  errors?: unknown;
};

const AUTHORIZATION = /^(TOPIC|GROUP|CLUSTER|TRANSACTIONAL_ID|DELEGATION_TOKEN)_AUTHORIZATION_FAILED$/;
/** Node's codes for a certificate that does not verify (tls.connect, OpenSSL). */
const TLS_CODES =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|CERT_REJECTED|ERR_TLS_CERT_ALTNAME_INVALID|CERT_SIGNATURE_FAILURE)$/;

/** OpenSSL's codes for the broker's alert that it refused the certificate we presented, or wanted one (mutual TLS). */
const CLIENT_CERT_ALERTS =
  /^ERR_SSL_(SSLV3|TLSV1|TLSV13|SSL\/TLS)_ALERT_(BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REQUIRED|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|ACCESS_DENIED)$/;

/** The access problem in `error` or anything it wraps; undefined when it is not one. */
export function accessProblemOf(error: unknown, depth = 0): AccessProblem | undefined {
  const e = error as ClientError | undefined;
  // @platformatic/kafka nests a refusal some seven errors deep (listing, retries, brokers, connection, SASL, response).
  if (!e || typeof e !== 'object' || depth > 10) return undefined;
  const kafkaError = e.type ?? e.apiId;
  if (typeof kafkaError === 'string' && AUTHORIZATION.test(kafkaError)) return { kind: 'authorization', type: kafkaError };
  if (kafkaError === 'SASL_AUTHENTICATION_FAILED' || e.code === 'PLT_KFK_AUTHENTICATION' || /SASL.*Authentication/i.test(e.name ?? '')) {
    return { kind: 'authentication', type: 'SASL_AUTHENTICATION_FAILED' };
  }
  if (typeof e.code === 'string' && (TLS_CODES.test(e.code) || CLIENT_CERT_ALERTS.test(e.code))) return { kind: 'tls', type: e.code };
  // An aggregate (kafkajs' createTopics) carries one error per topic.
  const parts = Array.isArray(e.errors) ? e.errors : [];
  return [e.originalError, e.cause, ...parts].reduce<AccessProblem | undefined>((found, inner) => found ?? accessProblemOf(inner, depth + 1), undefined);
}

/** What a person should change for each kind of refusal. */
const FIX: Record<AccessProblem['kind'], string> = {
  authentication: 'check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or …_FILE)',
  authorization: 'grant the principal this ACL (docs/security.md lists what each service needs)',
  tls: "set KAFKA_SSL_CA_FILE to the CA that signed the broker's certificate (KAFKA_SSL_CHECK_HOSTNAME=false only if the name is the problem)",
};

/**
 * The access problem in `error` as a KafkaAccessDeniedError whose one-line message says what was
 * refused and what to fix (`Kafka refused WRITE on topic orders (TOPIC_AUTHORIZATION_FAILED): …`);
 * undefined when `error` is no access problem. `attempt` names the operation and resource, when known.
 */
export function toAccessDenied(error: unknown, attempt?: string): KafkaAccessDeniedError | undefined {
  // Ours already (e.g. the OAuth token endpoint's refusal), possibly wrapped by the client library.
  const ours = nestedAccessDenied(error);
  if (ours) return ours;
  const problem = accessProblemOf(error);
  if (!problem) return undefined;
  if (CLIENT_CERT_ALERTS.test(problem.type)) {
    const fix = 'set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE to a certificate and key signed by a CA the brokers trust (mutual TLS)';
    return new KafkaAccessDeniedError(problem, `the broker refused the client certificate (${problem.type}): ${fix}`, { cause: error });
  }
  const what =
    problem.kind === 'tls'
      ? `the broker's TLS certificate is not trusted (${problem.type}: ${tlsDetail(error) ?? 'certificate rejected'})`
      : problem.kind === 'authentication'
        ? `Kafka refused the login (${problem.type})`
        : `Kafka refused ${attempt ?? 'the request'} (${problem.type})`;
  return new KafkaAccessDeniedError(problem, `${what}: ${FIX[problem.kind]}`, { cause: error });
}

/** The TLS library's own words for the certificate problem, e.g. "self-signed certificate in certificate chain". */
function tlsDetail(error: unknown, depth = 0): string | undefined {
  const e = error as ClientError | undefined;
  if (!e || typeof e !== 'object' || depth > 10) return undefined;
  if (typeof e.code === 'string' && TLS_CODES.test(e.code)) return (e.message ?? '').replace(/^Connection error: /, '');
  const parts = Array.isArray(e.errors) ? e.errors : [];
  return [e.originalError, e.cause, ...parts].reduce<string | undefined>((found, inner) => found ?? tlsDetail(inner, depth + 1), undefined);
}

/**
 * A refusal found before asking (the broker's authorized operations lack one), worded like the
 * broker's own refusal: `Kafka refused WRITE on topic orders.g.dlq (TOPIC_AUTHORIZATION_FAILED): …`.
 */
export function missingTopicAcl(operation: string, topics: string[], why: string): KafkaAccessDeniedError {
  const problem: AccessProblem = { kind: 'authorization', type: 'TOPIC_AUTHORIZATION_FAILED' };
  const what = `Kafka refused ${operation} on topic ${topics.join(', ')} (${problem.type})`;
  return new KafkaAccessDeniedError(problem, `${what}, which ${why}: ${FIX.authorization}`);
}

function nestedAccessDenied(error: unknown, depth = 0): KafkaAccessDeniedError | undefined {
  if (error instanceof KafkaAccessDeniedError) return error;
  const e = error as ClientError | undefined;
  if (!e || typeof e !== 'object' || depth > 10) return undefined;
  const parts = Array.isArray(e.errors) ? e.errors : [];
  return [e.originalError, e.cause, ...parts].reduce<KafkaAccessDeniedError | undefined>(
    (found, inner) => found ?? nestedAccessDenied(inner, depth + 1),
    undefined,
  );
}
