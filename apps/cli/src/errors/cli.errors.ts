import { StreamlineError } from '@streamline/schemas';

/** Exit codes of `streamline`, documented in the README. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** The command line was wrong: a bad flag value, a missing argument. Exits 2. */
export class UsageError extends StreamlineError {
  constructor(message: string) {
    super('config', message, false);
  }
}

/** The command could not do its work for a reason the user can act on. Exits 1. */
export class CommandFailedError extends StreamlineError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('illegal-state', message, false, options);
  }
}

/**
 * A check could not be made (Kafka or the database unreachable, a topic or table not there), for
 * commands whose exit 1 is a finding (`audit`). Exits 2.
 */
export class CannotCheckError extends StreamlineError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('illegal-state', message, false, options);
  }
}

/** Exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError || error instanceof CannotCheckError ? EXIT.usage : EXIT.failed;
}

/** The message to print for an error that ended a command: ours as they are, Kafka's explained. */
export function describeError(error: unknown): string {
  if (error instanceof StreamlineError) return error.message;
  const e = error as { name?: string; message?: string; type?: string };
  if (e?.name?.startsWith('KafkaJS')) {
    const type = e.type ? ` (${e.type})` : '';
    return `Kafka: ${e.message}${type}`;
  }
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}
