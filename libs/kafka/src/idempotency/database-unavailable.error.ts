import { ErrorContext, StreamlineError } from '@streamline/schemas';

/**
 * The consumer's database cannot be reached or ended the session (restart, failover, an
 * administrator terminating connections). Not the event's fault: the runtime holds the event
 * and runs it again once the database answers, instead of spending its retry tiers.
 */
export class DatabaseUnavailableError extends StreamlineError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super('database-unavailable', message, true, options);
  }
}

/**
 * SQLSTATEs that mean the session or the server went away, not that the statement was wrong:
 * class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect
 * now), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** Socket errors of a lost or refused connection. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What `pg` says when a connection dies under a client, or a pool cannot get one in time (it sets no code). */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|not currently accepting connections/i;

/** True when `error`, or an error it wraps, says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** `error` as a DatabaseUnavailableError when it says the database is unreachable, else unchanged. */
export function asDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) return error;
  return new DatabaseUnavailableError(`database unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
