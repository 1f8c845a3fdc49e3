import { spawnSync } from 'node:child_process';
import { ISO8601_DATE_TIME_PATTERN } from '../contract/iso8601-pattern';
import { isIso8601DateTime } from './is-iso8601-date-time.decorator';

/**
 * Answers of class-validator and of the published pattern (which isIso8601DateTime tests) for
 * `values`, in a Node process running in `zone` (jest's sandbox keeps a changed TZ from Date).
 */
function answersIn(zone: string, values: string[]): { classValidator: boolean[]; pattern: boolean[] } {
  const script = `
    const { isISO8601 } = require('class-validator');
    const [values, pattern] = JSON.parse(process.argv[1]);
    const regex = new RegExp(pattern, 'u');
    console.log(JSON.stringify({
      classValidator: values.map((v) => isISO8601(v, { strict: true, strictSeparator: true }) && /T/.test(v)),
      pattern: values.map((v) => regex.test(v)),
    }));`;
  const child = spawnSync(process.execPath, ['-e', script, JSON.stringify([values, ISO8601_DATE_TIME_PATTERN])], {
    env: { ...process.env, TZ: zone },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

describe('isIso8601DateTime (the v1 event times)', () => {
  const samples = [
    '2026-11-23T10:00:00Z',
    '20261123T1000',
    '2026-W47-1T10:00',
    '2026-327T10:00:00+01:00',
    '2024-02-29T00:00Z',
    '0999-02-28T10:00:00Z',
    '0100-01-01T00:00:00Z',
  ];

  it('gives the same answer in every time zone, where class-validator does not for the years 0100-0999', () => {
    expect(samples.map(isIso8601DateTime)).toEqual([true, true, true, true, true, false, false]);
    for (const zone of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati']) {
      expect({ zone, accepted: answersIn(zone, samples).pattern }).toEqual({ zone, accepted: [true, true, true, true, true, false, false] });
    }
    // The reason for the rule: validator.js accepts 0999-02-28 west of UTC and refuses it east of it.
    expect(answersIn('America/Los_Angeles', ['0999-02-28T10:00:00Z']).classValidator).toEqual([true]);
    expect(answersIn('Asia/Tokyo', ['0999-02-28T10:00:00Z']).classValidator).toEqual([false]);
  });

  it('agrees with class-validator on dates from the year 1000, in any time zone', () => {
    const values = [...samples.slice(0, 5), '2026-02-30T10:00Z', '2025-02-29T10:00Z', '2026-11-23', '2026-13-01T10:00Z', '2026-366T10:00'];
    for (const zone of ['UTC', 'Asia/Tokyo']) {
      const answers = answersIn(zone, values);
      expect(answers.pattern).toEqual(answers.classValidator);
    }
    expect(values.map(isIso8601DateTime)).toEqual(answersIn('UTC', values).classValidator);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 20261123, new Date(), ['2026-11-23T10:00:00Z']]) expect(isIso8601DateTime(value)).toBe(false);
  });
});
