import { IngestError } from './ingest.error';

/**
 * Undoes the percent-encoding the CloudEvents HTTP binding applies to `ce-` header values
 * (section 3.1.3.2: space, `"`, `%` and everything outside printable ASCII are sent as `%XX`
 * of their UTF-8 bytes), so `ce-subject: caf%C3%A9` is `café`. A `%` not followed by two hex
 * digits, or escapes that are not UTF-8, answer 400 naming the header.
 */
export function percentDecode(value: string, field: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    const message = `${field} is not well percent-encoded: "%" must begin an escape of UTF-8 bytes like %C3%A9`;
    throw new IngestError(400, message, [{ field, messages: [message] }]);
  }
}
