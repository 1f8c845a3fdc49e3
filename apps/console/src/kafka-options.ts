import { kafkaOptionsFromEnv, KafkaConnectionOptions } from '@streamline/kafka';
import { ConsoleConfig } from './console.config';

/** The Kafka connection of the console's own reads, from its config; admin reads need no retries beyond kafkajs' own. */
export function kafkaOptionsOf(config: ConsoleConfig): KafkaConnectionOptions {
  return { ...kafkaOptionsFromEnv(config), clientId: `${config.KAFKA_CLIENT_ID}-console` };
}
