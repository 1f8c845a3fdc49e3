import { KafkaConfig, SASLOptions } from 'kafkajs';
import { KafkaSecurityOptions } from '../../kafka.options';
import { nodeTlsOptions } from '../tls-options';

/** The kafkajs `ssl` and `sasl` settings for client-neutral security options. */
export function kafkajsSecurity(options: KafkaSecurityOptions): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return { ssl: nodeTlsOptions(options.ssl) ?? false, sasl: options.sasl && ({ ...options.sasl } as SASLOptions) };
}
