import { Kafka, logLevel, LogEntry, SASLOptions } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { KafkaModuleOptions } from '../kafka.options';
import { levelOfKafkajsEntry } from './kafkajs-log-level';

/**
 * The one place a kafkajs client is built. Everything Kafka-specific goes through the
 * client made here, so a second client library can later be chosen by configuration.
 */
export function createKafkaClient(options: KafkaModuleOptions): Kafka {
  const logger = new Logger('kafkajs');
  return new Kafka({
    clientId: options.clientId ?? 'streamline',
    brokers: options.brokers,
    ssl: options.ssl ?? false,
    sasl: options.sasl as SASLOptions | undefined,
    connectionTimeout: 3000,
    requestTimeout: options.producer?.requestTimeoutMs ?? 10000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const line = `${message} ${JSON.stringify(extra)}`;
      logger[levelOfKafkajsEntry(entry)](line);
    },
  });
}
