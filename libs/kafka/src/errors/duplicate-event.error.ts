import { StreamlineError } from '@streamline/schemas';

/**
 * An event reuses the identity (`source` + `id`) of a different event published recently, or
 * of another event in the same batch. CloudEvents says the pair names one event, so the second
 * content is refused rather than published or silently dropped. Never retriable.
 */
export class DuplicateEventError extends StreamlineError {
  constructor(
    message: string,
    /** Positions in the published batch of the conflicting events. */
    readonly indexes: number[],
  ) {
    super('duplicate-conflict', message, false);
  }
}
