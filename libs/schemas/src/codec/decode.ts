import { CE_HEADERS, headerString, KafkaHeaders } from '../envelope/cloudevent-headers';
import { CLOUDEVENTS_SPEC_VERSION, EventEnvelope } from '../envelope/envelope';
import { DecodeError } from '../errors/decode.error';
import { SchemaValidationError } from '../errors/schema-validation.error';
import { findEventDefinition } from '../registry/topic-registry';
import { validateEventData } from './validate';

/** The parts of a Kafka record the decoder reads. */
export interface RawRecord {
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: KafkaHeaders;
}

/** Default upper bound of a record value the decoder accepts (1 MiB, Kafka's default max message size). */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

/**
 * Turns a Kafka record into a validated envelope, or throws DecodeError naming why not
 * (missing header, unknown type, not JSON, invalid data, oversized).
 */
export function decodeRecord(record: RawRecord, maxValueBytes = DEFAULT_MAX_VALUE_BYTES): EventEnvelope {
  const header = (name: string) => headerString(record.headers, name);
  const missing = [CE_HEADERS.specversion, CE_HEADERS.id, CE_HEADERS.source, CE_HEADERS.type].filter((h) => !header(h));
  if (missing.length > 0) throw new DecodeError('missing-header', `missing header(s): ${missing.join(', ')}`);

  const specversion = header(CE_HEADERS.specversion);
  if (specversion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new DecodeError('unsupported-specversion', `unsupported ce_specversion "${specversion}"`);
  }
  const type = header(CE_HEADERS.type)!;
  const definition = findEventDefinition(type);
  if (!definition) throw new DecodeError('unknown-type', `unknown event type "${type}"`, { context: { eventType: type } });

  const value = record.value ?? Buffer.alloc(0);
  if (value.length > maxValueBytes) {
    throw new DecodeError('oversized', `value of ${value.length} bytes exceeds the limit of ${maxValueBytes}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(value.toString('utf8'));
  } catch (cause) {
    throw new DecodeError('not-json', 'value is not valid JSON', { cause, context: { eventType: type } });
  }
  try {
    const validated = validateEventData(definition, data);
    const subject = header(CE_HEADERS.subject);
    return {
      id: header(CE_HEADERS.id)!,
      source: header(CE_HEADERS.source)!,
      type,
      specversion: CLOUDEVENTS_SPEC_VERSION,
      time: header(CE_HEADERS.time) ?? new Date(0).toISOString(),
      datacontenttype: 'application/json',
      ...(subject !== undefined ? { subject } : {}),
      data: validated,
    };
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      throw new DecodeError('invalid-data', error.message, { cause: error, fields: error.fields, context: { eventType: type } });
    }
    throw error;
  }
}
