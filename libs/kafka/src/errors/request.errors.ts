import { StreamlineError } from '@streamline/schemas';
import { RemoteFailure } from '../request/request-headers';

/** No reply came within the request's timeout. The request may still be handled (its reply is then dropped as late). */
export class RequestTimeoutError extends StreamlineError {
  constructor(
    readonly type: string,
    readonly id: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', `no reply to ${type} ${id} within ${timeoutMs} ms; the request may still be handled`, true, { context: { eventType: type, eventId: id } });
  }
}

/**
 * The replier's handler failed for good on the request (it ended in dead letters): the reason and
 * message are the replier's. Not retriable as such: sending the same request again fails alike
 * unless the cause was fixed.
 */
export class RemoteHandlerError extends StreamlineError {
  readonly reason: string;
  readonly remoteErrorName: string;
  readonly attempts: number;

  constructor(
    readonly type: string,
    readonly id: string,
    failure: RemoteFailure,
  ) {
    super('handler-failed', `${type} ${id} failed on the replier (${failure.reason}, ${failure.attempts} attempt(s)): ${failure.message}`, false, {
      context: { eventType: type, eventId: id },
    });
    this.reason = failure.reason;
    this.remoteErrorName = failure.errorName;
    this.attempts = failure.attempts;
  }
}

/** The requester shut down while the request waited for its reply. */
export class RequestCancelledError extends StreamlineError {
  constructor(
    readonly type: string,
    readonly id: string,
  ) {
    super('cancelled', `${type} ${id} was cancelled: the requester is shutting down`, false, { context: { eventType: type, eventId: id } });
  }
}
