import { Logger } from '@nestjs/common';
import { Kafka, LogEntry, logLevel } from 'kafkajs';
import { ConfigError } from '../../errors/config.error';
import { KafkaConnectionOptions } from '../../kafka.options';
import { ClusterAdmin } from '../cluster-admin';
import { ConsumerClient, ConsumerSettings } from '../consumer-client';
import { KafkaClient } from '../kafka-client';
import { RecordSender, SenderSettings } from '../record-sender';
import { KafkajsClusterAdmin } from './kafkajs-cluster-admin';
import { KafkajsConsumerClient } from './kafkajs-consumer-client';
import { levelOfKafkajsEntry } from './kafkajs-log-level';
import { KafkajsRecordSender } from './kafkajs-record-sender';
import { kafkajsSecurity } from './kafkajs-security';
import { baseOptionsOf, PlatformaticBaseOptions } from '../platformatic/platformatic-connection';

/**
 * KafkaClient over kafkajs 2.2.4: the classic group protocol only, no static membership, and no
 * transactional sender: kafkajs commits a transaction's offsets with the group id only (no member
 * or generation, KIP-447), so the broker cannot refuse the transaction of a member that lost its
 * partitions in a rebalance while it ran; measured, that wrote events twice.
 */
export class KafkajsClient implements KafkaClient {
  readonly name = 'kafkajs' as const;
  private readonly kafka: Kafka;
  private readonly operationsConnection: PlatformaticBaseOptions;

  constructor(options: KafkaConnectionOptions) {
    this.operationsConnection = baseOptionsOf({ ...options, requestTimeoutMs: options.producer?.requestTimeoutMs });
    const logger = new Logger('kafkajs');
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'streamline',
      brokers: options.brokers,
      ...kafkajsSecurity(options),
      connectionTimeout: 3000,
      requestTimeout: options.producer?.requestTimeoutMs ?? 10000,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...extra } = entry.log;
        logger[levelOfKafkajsEntry(entry)](`${message} ${JSON.stringify(extra)}`);
      },
    });
  }

  consumer(settings: ConsumerSettings): ConsumerClient {
    if (settings.groupInstanceId) {
      throw new ConfigError([
        { variable: 'KAFKA_GROUP_INSTANCE_ID', expected: 'unset with KAFKA_CLIENT=kafkajs (static membership needs KAFKA_CLIENT=platformatic)' },
      ]);
    }
    if (settings.groupProtocol === 'consumer') {
      throw new ConfigError([
        { variable: 'KAFKA_GROUP_PROTOCOL', expected: 'classic with KAFKA_CLIENT=kafkajs (the consumer protocol needs KAFKA_CLIENT=platformatic)' },
      ]);
    }
    return new KafkajsConsumerClient(this.kafka, settings);
  }

  sender(settings: SenderSettings): RecordSender {
    return new KafkajsRecordSender(this.kafka, settings);
  }

  admin(settings?: { retries?: number }): ClusterAdmin {
    return new KafkajsClusterAdmin(this.kafka, settings?.retries, this.operationsConnection);
  }
}
