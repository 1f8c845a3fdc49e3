import { EventEnvelope, FieldError } from '@streamline/schemas';
import { IngestError } from './ingest.error';
import { fromStructured, parseJson } from './cloudevent-parser';

/** Media type of a CloudEvents batch (HTTP binding, batched content mode). */
export const BATCH_MEDIA_TYPE = 'application/cloudevents-batch+json';

/** Limits of one batch request. */
export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
}

/**
 * Turns a batch body (a JSON array of structured-mode CloudEvents) into validated envelopes,
 * all or nothing: one 400 lists every invalid field of every event as `[i].field`. Throws 413
 * past the limits. An event repeated within the batch (same source and id) is the producer's to
 * answer, by the rule every call follows: the same content is published once, other content is 409.
 * An empty array is a valid batch (the HTTP binding allows it): it yields no envelope.
 */
export function parseBatch(body: Buffer, limits: BatchLimits, defaultSource: string): EventEnvelope[] {
  if (body.length > limits.maxBytes) {
    throw new IngestError(413, `batch body of ${body.length} bytes exceeds the limit of ${limits.maxBytes}`);
  }
  const parsed = parseJson(body);
  if (!Array.isArray(parsed)) {
    throw new IngestError(400, 'a batch must be a JSON array of events', [
      { field: 'body', messages: ['must be a JSON array of structured-mode CloudEvents'] },
    ]);
  }
  if (parsed.length > limits.maxEvents) {
    throw new IngestError(413, `batch of ${parsed.length} events exceeds the limit of ${limits.maxEvents}`);
  }
  const fields: FieldError[] = [];
  const envelopes: EventEnvelope[] = [];
  parsed.forEach((item, i) => {
    try {
      envelopes.push(fromStructured(item, `[${i}].`, defaultSource));
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      fields.push(...error.fields);
    }
  });
  if (fields.length > 0) throw new IngestError(400, `invalid batch: ${fields.map((f) => f.field).join(', ')}`, fields);
  return envelopes;
}
