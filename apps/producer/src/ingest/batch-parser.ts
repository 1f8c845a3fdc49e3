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
 * all or nothing: one 400 lists every invalid field of every event as `[i].field`, and an
 * id repeated within the batch for the same source is named too. Throws 413 past the limits.
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
  const firstOf = new Map<string, number>();
  parsed.forEach((item, i) => {
    try {
      const envelope = fromStructured(item, `[${i}].`, defaultSource);
      const identity = `${envelope.source}\u0000${envelope.id}`;
      const first = firstOf.get(identity);
      if (first !== undefined) {
        fields.push({ field: `[${i}].id`, messages: [`[${i}].id repeats the source and id of [${first}]; each event of a batch needs its own id`] });
      } else {
        firstOf.set(identity, i);
      }
      envelopes.push(envelope);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      fields.push(...error.fields);
    }
  });
  if (fields.length > 0) throw new IngestError(400, `invalid batch: ${fields.map((f) => f.field).join(', ')}`, fields);
  return envelopes;
}
