import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { KafkaEnv, splitList } from '@streamline/kafka';

@ValidatorConstraint({ name: 'ascendingDelays' })
class AscendingDelays implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every((v, i) => Number.isInteger(v) && v >= 0 && v <= 86_400_000 && (i === 0 || v >= value[i - 1]));
  }

  defaultMessage(): string {
    return 'CONSUMER_RETRY_DELAYS_MS must be ascending milliseconds, comma-separated, each 0 to 86400000 (e.g. 1000,10000,60000), or "none"';
  }
}

const toDelays = ({ value }: { value: unknown }) => {
  if (value === 'none') return [];
  const parts = splitList({ value });
  return Array.isArray(parts) ? parts.map((p) => (/^\d+$/.test(String(p)) ? Number(p) : Number.NaN)) : parts;
};

const intRange = (name: string, min: number, max: number) => [
  Type(() => Number),
  IsInt({ message: `${name} must be an integer from ${min} to ${max}` }),
  Min(min, { message: `${name} must be an integer from ${min} to ${max}` }),
  Max(max, { message: `${name} must be an integer from ${min} to ${max}` }),
];

function IntRange(name: string, min: number, max: number): PropertyDecorator {
  return (target, key) => intRange(name, min, max).forEach((decorate) => decorate(target, key));
}

/** Settings of the consumer service, from the environment. */
export class ConsumerConfig extends KafkaEnv {
  @IntRange('PORT', 1, 65535)
  PORT = 3001;

  /** Consumer group; replicas of one service share it. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'KAFKA_GROUP_ID must be 1-200 characters of letters, digits, . _ -' })
  KAFKA_GROUP_ID = 'streamline-consumer';

  /**
   * Static membership (KIP-345): this replica's stable id in the group, e.g. the pod's name; a
   * replica back within the session timeout keeps its partitions without a rebalance. Needs
   * KAFKA_CLIENT=platformatic.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'KAFKA_GROUP_INSTANCE_ID must be 1-200 characters of letters, digits, . _ -' })
  KAFKA_GROUP_INSTANCE_ID?: string;

  /** Group protocol: classic, or consumer (KIP-848, Kafka 4; needs KAFKA_CLIENT=platformatic). */
  @IsIn(['classic', 'consumer'], { message: 'KAFKA_GROUP_PROTOCOL must be classic or consumer' })
  KAFKA_GROUP_PROTOCOL: 'classic' | 'consumer' = 'classic';

  /** How long a silent member keeps its place in the group. */
  @IntRange('KAFKA_SESSION_TIMEOUT_MS', 6000, 300_000)
  KAFKA_SESSION_TIMEOUT_MS = 30_000;

  /** PostgreSQL of the read model and the processed event ids; without it, an embedded PGlite. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /**
   * Directory of the embedded PGlite database when DATABASE_URL is not set (one process at a
   * time); `memory` keeps it in memory. Default: `.streamline/consumer-db/<KAFKA_GROUP_ID>`.
   */
  @IsOptional()
  @IsString()
  PGLITE_DATA_DIR?: string;

  /** How long a handler waits for a row lock before failing (retriably): a stuck lock must not hold a partition. */
  @IntRange('DATABASE_LOCK_TIMEOUT_MS', 1, 600_000)
  DATABASE_LOCK_TIMEOUT_MS = 5000;

  /** Delays of the retry tiers, ascending; `none` dead-letters failures at once. */
  @Transform(toDelays)
  @IsArray({ message: new AscendingDelays().defaultMessage() })
  @Validate(AscendingDelays)
  CONSUMER_RETRY_DELAYS_MS: number[] = [1000, 10_000, 60_000];

  /**
   * Priority lanes, highest first, as registry-style topic names (the topic prefix is put before
   * them), e.g. `orders.urgent,orders`: a lane is paused while a higher one has work.
   */
  @Transform(splitList)
  @IsArray({ message: 'CONSUMER_PRIORITY_LANES must be topic names, comma-separated, highest first' })
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { each: true, message: 'CONSUMER_PRIORITY_LANES must be topic names, comma-separated, highest first' })
  CONSUMER_PRIORITY_LANES: string[] = [];

  /** Events behind a key whose event was dead-lettered: `continue` or `dead-letter`. */
  @IsIn(['continue', 'dead-letter'], { message: 'CONSUMER_AFTER_DEAD_LETTER must be continue or dead-letter' })
  CONSUMER_AFTER_DEAD_LETTER: 'continue' | 'dead-letter' = 'continue';

  /** Keys of one partition handled at the same time. */
  @IntRange('CONSUMER_KEY_CONCURRENCY', 1, 1000)
  CONSUMER_KEY_CONCURRENCY = 16;

  /** Records fetched and not yet settled; fetching pauses at this bound. */
  @IntRange('CONSUMER_MAX_IN_FLIGHT', 1, 1_000_000)
  CONSUMER_MAX_IN_FLIGHT = 10_000;

  /** At shutdown, how long running handlers may take before the service leaves the group anyway. */
  @IntRange('CONSUMER_SHUTDOWN_TIMEOUT_MS', 0, 600_000)
  CONSUMER_SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Largest record value handled; bigger ones are dead-lettered as oversized. */
  @IntRange('CONSUMER_MAX_VALUE_BYTES', 1, 100 * 1024 * 1024)
  CONSUMER_MAX_VALUE_BYTES = 1024 * 1024;

  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent' })
  LOG_LEVEL = 'info';
}
