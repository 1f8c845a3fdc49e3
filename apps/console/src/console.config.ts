import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';
import { KafkaEnv } from '@streamline/kafka';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

/** Whether a bind address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.includes(host) || host.startsWith('127.');
}

// Bound to anything but loopback, the console changes offsets and re-sends records for whoever
// reaches it; it refuses to start without a token then.
@ValidatorConstraint({ name: 'tokenWhenExposed' })
class TokenWhenExposed implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    const config = args.object as ConsoleConfig;
    return isLoopback(config.CONSOLE_HOST) || (config.CONSOLE_TOKEN ?? '').length >= 16;
  }

  defaultMessage(): string {
    return 'CONSOLE_TOKEN (16 characters or more) is required when CONSOLE_HOST is not a loopback address';
  }
}

/** Settings of the console, from the environment. */
export class ConsoleConfig extends KafkaEnv {
  /** Address the console listens on; loopback unless exposed on purpose (then CONSOLE_TOKEN is required). */
  @IsString()
  @Validate(TokenWhenExposed)
  CONSOLE_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt({ message: 'PORT must be an integer from 1 to 65535' })
  @Min(1, { message: 'PORT must be an integer from 1 to 65535' })
  @Max(65535, { message: 'PORT must be an integer from 1 to 65535' })
  PORT = 3300;

  /** Operator token: when set, every API call needs it (`Authorization: Bearer …` or the sign-in cookie). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'CONSOLE_TOKEN must be at least 16 characters' })
  CONSOLE_TOKEN?: string;

  /** Where every changing action (redrive, replay) is appended as one JSON line: who, what, outcome. */
  @IsString()
  CONSOLE_ACTION_LOG = '.streamline/console/actions.jsonl';

  /** Folder of `streamline load` JSON results shown under Load runs. */
  @IsString()
  CONSOLE_LOAD_DIR = '.streamline/load';

  /** Seconds between two cluster snapshots of the live charts. */
  @Type(() => Number)
  @IsInt({ message: 'CONSOLE_SAMPLE_SECONDS must be an integer from 1 to 60' })
  @Min(1, { message: 'CONSOLE_SAMPLE_SECONDS must be an integer from 1 to 60' })
  @Max(60, { message: 'CONSOLE_SAMPLE_SECONDS must be an integer from 1 to 60' })
  CONSOLE_SAMPLE_SECONDS = 2;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], { message: 'LOG_LEVEL must be fatal, error, warn, info, debug or trace' })
  LOG_LEVEL = 'info';

  /** The `streamline` bundle whose planning, listing and redrive the console runs (default: the one built beside it). */
  @IsOptional()
  @IsString()
  STREAMLINE_CLI?: string;
}
