import { FieldError } from '@streamline/schemas';
import { IngestError } from './ingest.error';

// Fatal: a replacement character would let two different byte sequences become one event
// identity. ignoreBOM keeps a leading U+FEFF as text, so what arrives is exactly what was sent.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Unpaired UTF-16 surrogates: a JSON `\ud800` escape is well-formed JSON but no Unicode text. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The text the bytes encode, or throws IngestError 400 naming `field` and the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, field: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw notUtf8(field, firstInvalidByte(bytes));
  }
}

/**
 * The text of an HTTP header value. Node's HTTP parser hands header values over as latin1
 * strings (one character per byte), so the bytes the client sent are recovered exactly
 * and decoded as UTF-8, the encoding CloudEvents attributes are defined in.
 */
export function decodeHeaderValue(value: string, field: string): string {
  // Pure ASCII is the same text in latin1 and UTF-8: no copy for the common case.
  // eslint-disable-next-line no-control-regex -- NUL to DEL is exactly the ASCII range
  if (/^[\x00-\x7f]*$/.test(value)) return value;
  return decodeUtf8(Buffer.from(value, 'latin1'), field);
}

/** Whether a string holds an unpaired surrogate, which UTF-8 cannot carry. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The 400 for bytes that are not UTF-8, naming the field and the offset of the first bad byte. */
export function notUtf8(field: string, offset: number): IngestError {
  const message = `${field} is not valid UTF-8 at byte ${offset}`;
  const fields: FieldError[] = [{ field, messages: [message] }];
  return new IngestError(400, message, fields);
}

/**
 * Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence
 * (Unicode table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or -1.
 * Only asked once the decoder has refused, to say where.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > bytes.length) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}
