import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { KafkaEnv, ProducerOptions, splitList } from '@streamline/kafka';
import { RATE_LIMIT_ENTRY } from './ingest/api-key-rate-limit';
import { apiKeyNames } from './ingest/api-keys';

const int = (variable: string, min: number, max: number) => {
  const message = `${variable} must be an integer from ${min} to ${max}`;
  return [Type(() => Number), IsInt({ message }), Min(min, { message }), Max(max, { message })];
};
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

// Node refuses a request timeout shorter than the headers timeout.
@ValidatorConstraint({ name: 'notShorterThanHeadersTimeout' })
class NotShorterThanHeadersTimeout implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const headers = (args.object as ProducerConfig).HTTP_HEADERS_TIMEOUT_MS;
    return typeof value !== 'number' || typeof headers !== 'number' || value >= headers;
  }

  defaultMessage(): string {
    return 'HTTP_REQUEST_TIMEOUT_MS must be at least HTTP_HEADERS_TIMEOUT_MS';
  }
}

// A limit for keys that do not exist would never apply: say so instead.
@ValidatorConstraint({ name: 'rateLimitsNameKeys' })
class RateLimitsNameKeys implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown, args: ValidationArguments): boolean {
    const keys = (args.object as ProducerConfig).API_KEYS;
    if (!Array.isArray(value) || value.length === 0 || !Array.isArray(keys)) return true;
    if (keys.length === 0) {
      this.problem = 'API_KEY_RATE_LIMIT limits API keys: set API_KEYS too';
      return false;
    }
    const names = new Set(apiKeyNames(keys));
    const unknown = value.map((entry) => RATE_LIMIT_ENTRY.exec(String(entry))?.[1]).find((name) => name !== undefined && !names.has(name));
    this.problem = `API_KEY_RATE_LIMIT names ${unknown}, which is not a key of API_KEYS (${[...names].join(', ')})`;
    return unknown === undefined;
  }

  defaultMessage(): string {
    return this.problem;
  }
}

const API_KEYS_MESSAGE = 'API_KEYS must be a comma-separated list of name=key or key, each key 16 to 256 characters without spaces';
const API_KEY_TYPES_MESSAGE = 'API_KEY_EVENT_TYPES must be a comma-separated list of name:type|type';
const API_KEY_ENTRY = /^(?:[A-Za-z0-9_.-]{1,64}=)?\S{16,256}$/;
const API_KEY_RATE_LIMIT_MESSAGE = 'API_KEY_RATE_LIMIT must be a comma-separated list of N/duration or name=N/duration, duration in ms, s, m or h (200/1s)';
const EVENT_TYPES_RULE = /^[A-Za-z0-9_.-]{1,64}:[a-z0-9.|-]+$/;

/** Splits a list given by commas or lines (a key file has one key a line). */
const splitLines = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** Settings of the producer service, from the environment. */
export class ProducerConfig extends KafkaEnv {
  /** The Kafka secrets, and the API keys, may also come from `<NAME>_FILE`. */
  static override secretVariables: readonly string[] = [...KafkaEnv.secretVariables, 'API_KEYS'];

  @apply(int('PORT', 1, 65535))
  PORT = 3000;

  /** The HTTP server under Nest: `express` (as fast as Fastify here, with a lower p99) or `fastify`. */
  @IsIn(['express', 'fastify'], { message: 'HTTP_ADAPTER must be express or fastify' })
  HTTP_ADAPTER: 'express' | 'fastify' = 'express';

  /** Longest a client may take to send a request's headers (slow-header clients); 408, then closed. */
  @apply(int('HTTP_HEADERS_TIMEOUT_MS', 1000, 300_000))
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** Longest a client may take to send a whole request, body included; 408, then closed. */
  @apply(int('HTTP_REQUEST_TIMEOUT_MS', 1000, 600_000))
  @Validate(NotShorterThanHeadersTimeout)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** How long an idle keep-alive connection stays open after its last answer. */
  @apply(int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 100, 600_000))
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** Most open connections; the server closes connections past it at once. */
  @apply(int('HTTP_MAX_CONNECTIONS', 1, 1_000_000))
  HTTP_MAX_CONNECTIONS = 2_000;

  /** Source stamped on events posted without one (binary mode always has one). */
  @IsString()
  EVENT_SOURCE = '/streamline/producer';

  /** Largest body of a single event, in bytes. */
  @apply(int('MAX_BODY_BYTES', 1024, 100 * 1024 * 1024))
  MAX_BODY_BYTES = 1024 * 1024;

  /** Most events in one `application/cloudevents-batch+json` request. */
  @apply(int('MAX_BATCH_EVENTS', 1, 10_000))
  MAX_BATCH_EVENTS = 500;

  /** Largest batch body, in bytes. */
  @apply(int('MAX_BATCH_BYTES', 1024, 100 * 1024 * 1024))
  MAX_BATCH_BYTES = 4 * 1024 * 1024;

  /**
   * Accepted API keys, comma or line separated, each `name=key` (logs name the key) or a bare key;
   * when set, `POST /events` needs one. Also from API_KEYS_FILE. None: open.
   */
  @Transform(splitLines)
  @IsArray({ message: API_KEYS_MESSAGE })
  @Matches(API_KEY_ENTRY, { each: true, message: API_KEYS_MESSAGE })
  API_KEYS: string[] = [];

  /** Event types a named key may publish, `name:type|type,…`; keys not listed may publish every type. */
  @Transform(splitList)
  @IsArray({ message: API_KEY_TYPES_MESSAGE })
  @Matches(EVENT_TYPES_RULE, { each: true, message: API_KEY_TYPES_MESSAGE })
  API_KEY_EVENT_TYPES: string[] = [];

  /**
   * Per-key rate limits on `POST /events`, `N/duration` for every key and `name=N/duration` for a
   * named one (which takes precedence), duration in ms, s, m or h: `200/1s,partner=20/1s`. Over the
   * limit: 429 with Retry-After. Counted per replica. None: no limit.
   */
  @Transform(splitList)
  @IsArray({ message: API_KEY_RATE_LIMIT_MESSAGE })
  @Matches(RATE_LIMIT_ENTRY, { each: true, message: API_KEY_RATE_LIMIT_MESSAGE })
  @Validate(RateLimitsNameKeys)
  API_KEY_RATE_LIMIT: string[] = [];

  /** Longest a request waits for Kafka before answering 503. */
  @apply(int('PUBLISH_TIMEOUT_MS', 100, 120_000))
  PUBLISH_TIMEOUT_MS = 5000;

  /** Seconds a client is told to wait (Retry-After) after a 503. */
  @apply(int('RETRY_AFTER_SECONDS', 1, 3600))
  RETRY_AFTER_SECONDS = 5;

  /** Extra wait for a fuller batch under sustained load; idle traffic never waits. */
  @apply(int('KAFKA_LINGER_MS', 0, 1000))
  KAFKA_LINGER_MS = 0;

  /** Most records in one Kafka request. */
  @apply(int('KAFKA_BATCH_MAX_RECORDS', 1, 100_000))
  KAFKA_BATCH_MAX_RECORDS = 1000;

  /** Most bytes in one Kafka request. */
  @apply(int('KAFKA_BATCH_MAX_BYTES', 1024, 64 * 1024 * 1024))
  KAFKA_BATCH_MAX_BYTES = 900 * 1024;

  /** Records allowed to wait for Kafka before requests get 503 at once. */
  @apply(int('KAFKA_MAX_QUEUED_RECORDS', 1, 1_000_000))
  KAFKA_MAX_QUEUED_RECORDS = 10_000;

  @IsIn(['none', 'gzip'], { message: 'KAFKA_COMPRESSION must be none or gzip' })
  KAFKA_COMPRESSION: 'none' | 'gzip' = 'none';

  /** Create the registry's topics at start-up when missing. */
  @IsIn(['true', 'false'], { message: 'KAFKA_CREATE_TOPICS must be true or false' })
  KAFKA_CREATE_TOPICS: 'true' | 'false' = 'true';

  /** How long a published event's source+id is remembered for deduplication; 0 turns it off. */
  @apply(int('DEDUP_WINDOW_MS', 0, 7 * 24 * 3600 * 1000))
  DEDUP_WINDOW_MS = 600_000;

  /** Most source+id pairs remembered. */
  @apply(int('DEDUP_MAX_ENTRIES', 0, 10_000_000))
  DEDUP_MAX_ENTRIES = 100_000;

  /** Longest shutdown waits for Kafka to confirm what was accepted. */
  @apply(int('SHUTDOWN_TIMEOUT_MS', 0, 120_000))
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  @IsString()
  LOG_LEVEL = 'info';
}

/** The ProducerService options these settings stand for. */
export function producerOptionsOf(config: ProducerConfig): ProducerOptions {
  return {
    defaultSource: config.EVENT_SOURCE,
    publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
    compression: config.KAFKA_COMPRESSION,
    lingerMs: config.KAFKA_LINGER_MS,
    maxBatchRecords: config.KAFKA_BATCH_MAX_RECORDS,
    maxBatchBytes: config.KAFKA_BATCH_MAX_BYTES,
    maxQueuedRecords: config.KAFKA_MAX_QUEUED_RECORDS,
    dedupWindowMs: config.DEDUP_WINDOW_MS,
    dedupMaxEntries: config.DEDUP_MAX_ENTRIES,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  };
}
