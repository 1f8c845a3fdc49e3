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
/** What `pg` says when a connection dies under a client, or a pool cannot get one in time (it sets no code). */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|not currently accepting connections/i;

/**
 * True when `error`, or an error it wraps, is a DatabaseUnavailableError. Only the database
 * adapters decide that, from what the driver reported on a database call: a socket error code
 * alone (ECONNREFUSED) says nothing of which service it came from, and a Kafka outage taken for a
 * database outage would hold events at the wrong gate.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!error || typeof error !== 'object' || depth > 5) return false;
  return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

/** True when a `pg` error says the session or the server went away. */
export function isLostConnection(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_SQLSTATE.test(e.code)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}

/** A DatabaseUnavailableError carrying `error` as its cause. */
export function databaseUnavailable(error: unknown): DatabaseUnavailableError {
  return error instanceof DatabaseUnavailableError
    ? error
    : new DatabaseUnavailableError(`database unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
