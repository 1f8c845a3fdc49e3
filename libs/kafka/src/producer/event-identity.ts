import { createHash } from 'node:crypto';
import { EventEnvelope } from '@streamline/schemas';

/** The CloudEvents identity of an event: `source` + `id`. */
export function identityOf(envelope: Pick<EventEnvelope, 'source' | 'id'>): string {
  return `${envelope.source}\u0000${envelope.id}`;
}

/**
 * What must match for a resubmission to count as the same event: type, subject and data
 * (field order does not matter). `time` is left out: a client that lets the service stamp it
 * gets a new time on each attempt. Validated data is an instance of its event class, whose
 * fields (nested ones too) always come in the class's declaration order, so its JSON
 * encoding (`encodedValue`, already made for Kafka) is canonical as it is; plain data is
 * encoded with its keys sorted.
 */
export function fingerprintOf(envelope: Pick<EventEnvelope, 'type' | 'subject' | 'data'>, encodedValue?: Buffer): string {
  const prototype = Object.getPrototypeOf(envelope.data);
  const canonical = encodedValue && prototype !== null && prototype !== Object.prototype ? encodedValue : canonicalJson(envelope.data);
  return createHash('sha256')
    .update(envelope.type)
    .update('\u0000')
    .update(envelope.subject ?? '')
    .update('\u0000')
    .update(canonical)
    .digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
