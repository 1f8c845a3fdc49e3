import { isISO8601 } from 'class-validator';
import { ISO8601_DATE_TIME_PATTERN } from './iso8601-pattern';

const pattern = new RegExp(ISO8601_DATE_TIME_PATTERN, 'u');
/** The v1 event times: `@IsISO8601({ strict: true, strictSeparator: true })` and `@Matches(/T/)`. */
const runtime = (value: string) => isISO8601(value, { strict: true, strictSeparator: true }) && /T/.test(value);

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ISO8601_DATE_TIME_PATTERN', () => {
  it('accepts and refuses what class-validator does on generated dates, times and offsets of every form', () => {
    const random = seeded(8601);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const two = () => String(Math.floor(random() * 40)).padStart(2, '0');
    const three = () => String(Math.floor(random() * 370)).padStart(3, '0');
    // Years from 1000 only: below, validator.js's answer depends on the time zone (see the pattern).
    const years = ['2026', '2024', '1900', '2000', '2100', '1996', '9999', '1000', '1004', '1200'];
    const date = () => {
      const sep = pick(['-', '']);
      const forms = [
        () => sep + two(),
        () => sep + two() + sep + two(),
        () => sep + two() + pick(['-', '']) + two(),
        () => sep + '02' + sep + pick(['28', '29', '30']),
        () => sep + 'W' + two() + pick(['', '-']) + pick(['', '1', '7', '8', '0']),
        () => sep + three(),
        () => sep + pick(['365', '366', '360', '361', '060', '130', '129', '300']),
      ];
      return pick(['', '', '+', '-']) + pick(years) + pick(forms)();
    };
    const time = () =>
      pick(['', two(), `${two()}:${two()}`, two() + two(), `${two()}:${two()}:${two()}`, two() + two() + two(), '24:00', '2400', '24:00:00', `2400${two()}`]) +
      pick(['', '', '.123', ',5', '.']) +
      pick(['', '', two(), `:${two()}`]);
    const offset = () => pick(['', 'Z', 'z', '+01:00', '-0530', '+01', '+24:00', '+23:59', '-00:60', '+1']);
    const disagreements: string[] = [];
    let accepted = 0;
    for (let i = 0; i < 60_000; i++) {
      let value = date() + pick(['T', 'T', 'T', ' ', 't', '']) + time() + offset();
      if (random() < 0.1) {
        const at = Math.floor(random() * value.length);
        value = value.slice(0, at) + pick(['T', ':', '-', '0', '9', '.', '']) + value.slice(at + 1);
      }
      if (runtime(value)) accepted++;
      if (runtime(value) !== pattern.test(value)) disagreements.push(value);
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(accepted).toBeGreaterThan(3000);
  });

  it.each([
    ['2026-11-23T10:00:00Z', true],
    ['2026-11-23T10:00:00', true],
    ['20261123T100000,5+0100', true],
    ['2026-W47-1T10:00Z', true],
    ['2026-327T10:00Z', true],
    ['2024-366T00Z', true],
    ['2024-02-29T10:00:00Z', true],
    ['2026-11-23T', true],
    ['2026-11-23T25:00:00Z', false],
    ['2016-12-31T23:59:60Z', false],
    ['2026-02-30T10:00:00Z', false],
    ['2026-02-29T10:00:00Z', false],
    ['2100-02-29T10:00:00Z', false],
    ['2026-366T00Z', false],
    ['2026-11-23 10:00:00Z', false],
    ['2026-11-23', false],
    ['+2026-327T10Z', false],
    ['+2026-320T10Z', true],
    ['2026-360T10Z', false],
  ])('%s: %s, as class-validator says', (value, expected) => {
    expect(runtime(value)).toBe(expected);
    expect(pattern.test(value)).toBe(expected);
  });

  it('refuses a full date before the year 1000, which validator.js refuses in zones east of UTC', () => {
    expect(pattern.test('0999-02-28T10:00:00Z')).toBe(false);
    expect(pattern.test('0050-01-01T10:00:00Z')).toBe(false);
    expect(runtime('0050-01-01T10:00:00Z')).toBe(false);
  });
});
