import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { KafkaEnv } from '@streamline/kafka';

/** Settings of `streamline`, from the same environment as the services; flags override them per run. */
export class CliConfig extends KafkaEnv {
  /** How long a command waits for Kafka to answer before it gives up naming the brokers. */
  @Type(() => Number)
  @IsInt({ message: 'STREAMLINE_CONNECT_TIMEOUT_MS must be an integer from 100 to 600000' })
  @Min(100, { message: 'STREAMLINE_CONNECT_TIMEOUT_MS must be an integer from 100 to 600000' })
  @Max(600_000, { message: 'STREAMLINE_CONNECT_TIMEOUT_MS must be an integer from 100 to 600000' })
  STREAMLINE_CONNECT_TIMEOUT_MS = 10_000;

  /** PostgreSQL of a consumer service's read model (`streamline rebuild`), as the consumer service reads it. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** PGlite directory of a consumer service's read model when DATABASE_URL is not set. */
  @IsOptional()
  @IsString()
  PGLITE_DATA_DIR?: string;
}
