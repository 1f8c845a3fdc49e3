import { ErrorContext, StreamlineError } from '@streamline/schemas';

/** Kafka could not be reached or could not take the request in time; a retry may succeed. */
export class BrokerUnavailableError extends StreamlineError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super('broker-unavailable', message, true, options);
  }
}

/**
 * The cluster does not know a topic: a typo, or a topic created a moment ago that has not reached
 * every broker yet (so a retry may succeed, and a publish answers 503). Each client's admin
 * rejects `describeTopics` with it, whatever its library calls the error.
 */
export class UnknownTopicError extends BrokerUnavailableError {
  constructor(
    readonly topics: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super(`the cluster does not know topic ${topics.join(', ')} (UNKNOWN_TOPIC_OR_PARTITION)`, options);
  }
}

/** Kafka refused the request for good (authorization, record too large, unknown topic). */
export class PublishFailedError extends StreamlineError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super('publish-failed', message, false, options);
  }
}

/** A handler failed. Handlers throw it (or any StreamlineError) to say whether a retry may help. */
export class HandlerError extends StreamlineError {
  constructor(message: string, retriable: boolean, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super('handler-failed', message, retriable, options);
  }
}

/** An event is not legal in the current state (e.g. shipped before paid); never retriable. */
export class IllegalStateError extends StreamlineError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super('illegal-state', message, false, options);
  }
}

/**
 * The event waited behind an earlier event of its key that ended in dead letters, and the
 * consumer is set to dead-letter what queued behind it (`afterDeadLetter: 'dead-letter'`).
 */
export class ParkedBehindDeadLetterError extends StreamlineError {
  readonly reason = 'parked-behind-dead-letter';

  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super('illegal-state', message, false, options);
  }
}
