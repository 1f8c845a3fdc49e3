import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { KafkaEnv } from '@streamline/kafka';

/** Settings of the producer service, from the environment. */
export class ProducerConfig extends KafkaEnv {
  @Type(() => Number)
  @IsInt({ message: 'PORT must be an integer from 1 to 65535' })
  @Min(1, { message: 'PORT must be an integer from 1 to 65535' })
  @Max(65535, { message: 'PORT must be an integer from 1 to 65535' })
  PORT = 3000;

  /** Source stamped on events posted without one (binary mode always has one). */
  @IsString()
  EVENT_SOURCE = '/streamline/producer';

  /** Largest request body accepted, in bytes. */
  @Type(() => Number)
  @IsInt({ message: 'MAX_BODY_BYTES must be an integer from 1024 to 104857600' })
  @Min(1024, { message: 'MAX_BODY_BYTES must be an integer from 1024 to 104857600' })
  @Max(100 * 1024 * 1024, { message: 'MAX_BODY_BYTES must be an integer from 1024 to 104857600' })
  MAX_BODY_BYTES = 1024 * 1024;

  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  @IsString()
  LOG_LEVEL = 'info';
}
