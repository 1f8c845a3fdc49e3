import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { KafkaEnv } from '@streamline/kafka';

/** Settings of the consumer service, from the environment. */
export class ConsumerConfig extends KafkaEnv {
  @Type(() => Number)
  @IsInt({ message: 'PORT must be an integer from 1 to 65535' })
  @Min(1, { message: 'PORT must be an integer from 1 to 65535' })
  @Max(65535, { message: 'PORT must be an integer from 1 to 65535' })
  PORT = 3001;

  /** Consumer group; replicas of one service share it. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'KAFKA_GROUP_ID must be 1-200 characters of letters, digits, . _ -' })
  KAFKA_GROUP_ID = 'streamline-consumer';

  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  @IsString()
  LOG_LEVEL = 'info';
}
