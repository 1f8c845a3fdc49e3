import { StreamlineError } from '@streamline/schemas';

/**
 * A guard of an event handler refused the event: it is not handled, and (unless an exception
 * filter maps it) goes straight to the dead letters with reason `guard-refused`; never retried,
 * since a guard asked again about the same event answers the same.
 */
export class GuardRefusedError extends StreamlineError {
  constructor(
    /** Class name of the guard that said no. */
    readonly guard: string,
    /** The handler it guarded, as `Class.method`. */
    readonly handler: string,
  ) {
    super('guard-refused', `guard ${guard} refused the event for ${handler}`, false);
  }
}
