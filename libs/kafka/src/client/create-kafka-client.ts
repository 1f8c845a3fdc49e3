import { KafkaConnectionOptions } from '../kafka.options';
import { KafkaClient } from './kafka-client';
import { KafkajsClient } from './kafkajs/kafkajs-client';
import { PlatformaticKafkaClient } from './platformatic/platformatic-client';

/** The Kafka client the options name (`client`, default kafkajs), connected to their cluster. */
export function createKafkaClient(options: KafkaConnectionOptions): KafkaClient {
  if (options.client === 'platformatic') {
    return new PlatformaticKafkaClient({ ...options, requestTimeoutMs: options.producer?.requestTimeoutMs });
  }
  return new KafkajsClient(options);
}
