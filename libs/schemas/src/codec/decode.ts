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

const EPOCH = new Date(0).toISOString();

/** Default upper bound of a record value the decoder accepts (1 MiB, Kafka's default max message size). */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

/**
 * Turns a Kafka record into a validated envelope, or throws DecodeError naming why not
 * (missing header, unknown type, not JSON, invalid data, oversized).
 */
export function decodeRecord(record: RawRecord, maxValueBytes = DEFAULT_MAX_VALUE_BYTES): EventEnvelope {
  // Each header is turned into a string once: this runs for every record consumed.
  const specversion = headerString(record.headers, CE_HEADERS.specversion);
  const id = headerString(record.headers, CE_HEADERS.id);
  const source = headerString(record.headers, CE_HEADERS.source);
  const type = headerString(record.headers, CE_HEADERS.type);
  if (!specversion || !id || !source || !type) {
    const present = { [CE_HEADERS.specversion]: specversion, [CE_HEADERS.id]: id, [CE_HEADERS.source]: source, [CE_HEADERS.type]: type };
    const missing = Object.entries(present)
      .filter(([, value]) => !value)
      .map(([name]) => name);
    throw new DecodeError('missing-header', `missing header(s): ${missing.join(', ')}`);
  }
  if (specversion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new DecodeError('unsupported-specversion', `unsupported ce_specversion "${specversion}"`);
  }
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
    const subject = headerString(record.headers, CE_HEADERS.subject);
    return {
      id,
      source,
      type,
      specversion: CLOUDEVENTS_SPEC_VERSION,
      time: headerString(record.headers, CE_HEADERS.time) ?? EPOCH,
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
