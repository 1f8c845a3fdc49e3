import { FieldError, StreamlineError } from '@streamline/schemas';

/** A request the ingest cannot accept: the HTTP status to answer and, for 400, the fields. */
export class IngestError extends StreamlineError {
  constructor(
    readonly status: 400 | 401 | 403 | 413 | 415,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super('schema-validation', message, false);
  }
}
