/** Every failure Streamline reports has a code from this closed set. */
export type StreamlineErrorCode =
  | 'schema-validation'
  | 'decode'
  | 'config'
  | 'broker-unavailable'
  | 'access-denied'
  | 'database-unavailable'
  | 'publish-failed'
  | 'duplicate-conflict'
  | 'handler-failed'
  | 'guard-refused'
  | 'illegal-state'
  | 'timeout'
  | 'cancelled';

/** Where in the stream an error happened, when it happened on a record. */
export interface ErrorContext {
  topic?: string;
  partition?: number;
  offset?: string;
  eventType?: string;
  eventId?: string;
}

/** Base of Streamline's error hierarchy: a code, whether a retry may help, and the cause. */
export class StreamlineError extends Error {
  constructor(
    readonly code: StreamlineErrorCode,
    message: string,
    readonly retriable: boolean,
    options: { cause?: unknown; context?: ErrorContext } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }

  readonly context: ErrorContext;
}
