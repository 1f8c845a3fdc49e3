import { CommandRunner, Option } from 'nest-commander';
import { ConnectionFlags, KafkaConnection } from './kafka-connection';

/**
 * Base of every command that talks to Kafka: `--brokers` and `--prefix` override the environment,
 * and whatever the command opened is closed when it ends, however it ends.
 */
export abstract class KafkaCommand<O extends object = object> extends CommandRunner {
  constructor(protected readonly connection: KafkaConnection) {
    super();
  }

  async run(params: string[], options: O & ConnectionFlags): Promise<void> {
    this.connection.configure(options);
    try {
      await this.execute(params, options);
    } finally {
      await this.connection.close();
    }
  }

  protected abstract execute(params: string[], options: O): Promise<void>;

  @Option({ flags: '-b, --brokers <host:port,...>', description: 'bootstrap brokers (default: $KAFKA_BROKERS or 127.0.0.1:9092)' })
  parseBrokers(value: string): string {
    return value;
  }

  @Option({ flags: '--prefix <prefix>', description: 'topic prefix put before topic names (default: $KAFKA_TOPIC_PREFIX)' })
  parsePrefix(value: string): string {
    return value;
  }
}
