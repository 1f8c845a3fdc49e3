import { createHash } from 'node:crypto';
import { EventEnvelope } from '@streamline/schemas';

/** The CloudEvents identity of an event: `source` + `id`. */
export function identityOf(envelope: Pick<EventEnvelope, 'source' | 'id'>): string {
  return `${envelope.source}\u0000${envelope.id}`;
}

/**
 * What must match for a resubmission to count as the same event: type, subject and data
 * (keys sorted, so field order does not matter). `time` is left out: a client that lets the
 * service stamp it gets a new time on each attempt.
 */
export function fingerprintOf(envelope: Pick<EventEnvelope, 'type' | 'subject' | 'data'>): string {
  return createHash('sha256')
    .update(envelope.type)
    .update('\u0000')
    .update(envelope.subject ?? '')
    .update('\u0000')
    .update(canonicalJson(envelope.data))
    .digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
