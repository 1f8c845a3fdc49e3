import { KafkaSaslOptions, KafkaSecurityOptions } from '../../kafka.options';
import { oauthTokenSource } from '../oauth-token';
import { nodeTlsOptions } from '../tls-options';

/** Where and how a @platformatic/kafka client connects. */
export interface PlatformaticConnectionOptions extends KafkaSecurityOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /** Client id shown in broker logs and quotas. Default: `streamline`. */
  clientId?: string;
  /** Milliseconds to open a connection. Default: 3000. */
  connectTimeoutMs?: number;
  /** Milliseconds one request may take. Default: 10000. */
  requestTimeoutMs?: number;
}

/** The connection settings every @platformatic/kafka client of this package shares. */
export interface PlatformaticBaseOptions {
  clientId: string;
  bootstrapBrokers: string[];
  connectTimeout: number;
  timeout: number;
  requestTimeout: number;
  retries: number;
  retryDelay: number;
  metadataMaxAge: number;
  tls?: object;
  sasl?:
    { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string } | { mechanism: 'OAUTHBEARER'; token: () => Promise<string> };
}

const MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/**
 * Maps our connection options onto the library's. Requests are retried 5 times 250 ms apart, as
 * the kafkajs client is (the library's default waits a second between attempts); a longer outage
 * surfaces as BrokerUnavailableError and the caller's own retry takes over.
 */
export function baseOptionsOf(options: PlatformaticConnectionOptions): PlatformaticBaseOptions {
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  return {
    clientId: options.clientId ?? 'streamline',
    bootstrapBrokers: [...options.brokers],
    connectTimeout: options.connectTimeoutMs ?? 3_000,
    timeout: requestTimeout,
    requestTimeout,
    retries: 5,
    retryDelay: 250,
    metadataMaxAge: 5_000,
    ...(options.ssl ? { tls: nodeTlsOptions(options.ssl) } : {}),
    ...(options.sasl ? { sasl: saslOf(options.sasl) } : {}),
  };
}

/** The library's SASL settings: a password login, or OAUTHBEARER with a token provider it calls per connection. */
function saslOf(sasl: KafkaSaslOptions): NonNullable<PlatformaticBaseOptions['sasl']> {
  if (sasl.mechanism === 'oauthbearer') return { mechanism: 'OAUTHBEARER', token: oauthTokenSource(sasl)! };
  return { mechanism: MECHANISMS[sasl.mechanism], username: sasl.username, password: sasl.password };
}
