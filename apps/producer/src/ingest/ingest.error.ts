import { FieldError, StreamlineError } from '@streamline/schemas';

/** A request the ingest cannot accept: the HTTP status to answer, for 400 the fields, and headers to send. */
export class IngestError extends StreamlineError {
  constructor(
    readonly status: 400 | 401 | 403 | 413 | 415 | 429,
    message: string,
    readonly fields: FieldError[] = [],
    /** Headers the answer carries, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super('schema-validation', message, false);
  }
}
