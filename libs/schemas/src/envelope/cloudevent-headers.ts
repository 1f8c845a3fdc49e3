/**
 * Kafka header names of the CloudEvents Kafka protocol binding, binary content mode.
 * The value carries only the data; attributes travel as `ce_`-prefixed headers.
 */
export const CE_HEADERS = {
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  specversion: 'ce_specversion',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
} as const;

export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** A header's value as a string (first value when repeated), or undefined when absent. */
export function headerString(headers: KafkaHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}
