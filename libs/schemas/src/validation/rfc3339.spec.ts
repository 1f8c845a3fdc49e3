import { isRfc3339DateTime } from './rfc3339';

describe('isRfc3339DateTime', () => {
  it('accepts RFC 3339 date-times with an offset, fractions and lower-case separators', () => {
    for (const value of [
      '2026-11-23T10:00:00Z',
      '2026-11-23t10:00:00z',
      '2026-11-23T11:00:00+01:00',
      '2026-11-23T10:00:00.123456789-05:30',
      '2024-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2016-12-31T23:59:60Z',
      '2016-12-31T18:59:60-05:00',
    ]) {
      expect([value, isRfc3339DateTime(value)]).toEqual([value, true]);
    }
  });

  it('refuses what Date.parse would accept or roll over: no offset, impossible days and times, other formats', () => {
    for (const value of [
      '2026',
      '2026-11-23',
      'December 17, 1995 03:24:00',
      '2026-11-23T10:00:00',
      '2026-11-23 10:00:00Z',
      '2026-02-30T10:00:00Z',
      '2026-02-29T10:00:00Z',
      '1900-02-29T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-00-01T10:00:00Z',
      '2026-11-00T10:00:00Z',
      '2026-11-23T24:00:00Z',
      '2026-11-23T10:60:00Z',
      '2026-11-23T10:00:60Z',
      '2026-11-23T10:00:00+24:00',
      '2026-11-23T10:00:00.Z',
      '+002026-11-23T10:00:00Z',
      `2026-11-23T10:00:00.${'1'.repeat(30)}Z`,
    ]) {
      expect([value, isRfc3339DateTime(value)]).toEqual([value, false]);
    }
  });
});
