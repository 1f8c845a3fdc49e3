import { firstInvalidByte } from '@streamline/schemas';
import { decodeHeaderValue, decodeUtf8, hasLoneSurrogate } from './utf8-text';
import { IngestError } from './ingest.error';

const bytes = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
const refusal = (run: () => unknown): IngestError => {
  try {
    run();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
};

describe('strict UTF-8 text', () => {
  it('finds the first byte of every kind of ill-formed sequence, and none in well-formed text', () => {
    const cases: [string, number][] = [
      ['61 62 63', -1],
      ['63 61 66 c3 a9', -1],
      ['f0 9f 98 80 e2 82 ac', -1],
      ['61 ff 62', 1],
      ['61 c0 af', 1], // overlong '/'
      ['e0 80 af', 0], // overlong, three bytes
      ['ed a0 80', 0], // a surrogate encoded as UTF-8
      ['f4 90 80 80', 0], // past U+10FFFF
      ['61 62 e2 82', 2], // cut short
      ['e2 82 41', 0], // continuation byte missing
      ['80', 0],
    ];
    for (const [hex, offset] of cases) expect({ hex, offset: firstInvalidByte(bytes(hex)) }).toEqual({ hex, offset });
  });

  it('decodes what is valid byte-exactly, a leading byte-order mark included', () => {
    expect(decodeUtf8(bytes('ef bb bf 61'), 'body')).toBe('\ufeffa');
    expect(Buffer.from(decodeUtf8(bytes('63 61 66 c3 a9'), 'body'))).toEqual(bytes('63 61 66 c3 a9'));
  });

  it('refuses invalid bytes with a 400 naming the field and the offset', () => {
    const error = refusal(() => decodeUtf8(bytes('7b 22 69 22 3a 22 ff 22 7d'), 'body'));
    expect(error.status).toBe(400);
    expect(error.message).toBe('body is not valid UTF-8 at byte 6');
    expect(error.fields).toEqual([{ field: 'body', messages: ['body is not valid UTF-8 at byte 6'] }]);
  });

  it('reads a header value as the UTF-8 bytes Node handed over as latin1', () => {
    expect(decodeHeaderValue(bytes('63 61 66 c3 a9').toString('latin1'), 'ce-subject')).toBe('café');
    expect(decodeHeaderValue('plain-ascii', 'ce-id')).toBe('plain-ascii');
    expect(refusal(() => decodeHeaderValue(bytes('61 ff').toString('latin1'), 'ce-id')).message).toBe('ce-id is not valid UTF-8 at byte 1');
  });

  it('tells lone surrogates from pairs', () => {
    expect(hasLoneSurrogate('\ud800')).toBe(true);
    expect(hasLoneSurrogate('a\udfffb')).toBe(true);
    expect(hasLoneSurrogate('😀 café')).toBe(false);
  });
});
