import { ErrorContext, StreamlineError } from './streamline.error';
import { FieldError } from './schema-validation.error';

/** Why a Kafka record could not become an event. These reasons name dead letters. */
export type DecodeFailureReason =
  'missing-header' | 'invalid-attributes' | 'unsupported-specversion' | 'unknown-type' | 'invalid-utf8' | 'not-json' | 'invalid-data' | 'oversized';

/** A record that cannot be decoded; retrying it can never help. */
export class DecodeError extends StreamlineError {
  constructor(
    readonly reason: DecodeFailureReason,
    message: string,
    options: { cause?: unknown; context?: ErrorContext; fields?: FieldError[] } = {},
  ) {
    super('decode', message, false, options);
    this.fields = options.fields ?? [];
  }

  readonly fields: FieldError[];
}
