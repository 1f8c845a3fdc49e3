import { KafkaConfig, KafkaJSNonRetriableError, SASLOptions } from 'kafkajs';
import { KafkaSecurityOptions } from '../../kafka.options';
import { nodeTlsOptions } from '../tls-options';
import { oauthTokenSource } from '../oauth-token';

/** The kafkajs `ssl` and `sasl` settings for client-neutral security options. */
export function kafkajsSecurity(options: KafkaSecurityOptions): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ssl = nodeTlsOptions(options.ssl) ?? false;
  const token = oauthTokenSource(options.sasl);
  if (token) return { ssl, sasl: { mechanism: 'oauthbearer', oauthBearerProvider: () => kafkajsToken(token) } };
  return { ssl, sasl: options.sasl && ({ ...options.sasl } as SASLOptions) };
}

/**
 * A token for kafkajs. A failure to get one (the endpoint refused the client) must not be retried
 * by kafkajs: it would ask again on the same connection, whose SASL exchange has begun, and the
 * broker's ILLEGAL_SASL_STATE would hide the reason. So it goes up as non-retriable, the reason as
 * its cause, and the caller's back-off takes over.
 */
async function kafkajsToken(token: () => Promise<string>): Promise<{ value: string }> {
  try {
    return { value: await token() };
  } catch (error) {
    throw Object.assign(new KafkaJSNonRetriableError((error as Error).message), { cause: error });
  }
}
