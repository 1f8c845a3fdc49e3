import { parsePosition } from './position-spec';
import { formatDuration, parseDuration } from './durations';

describe('parsePosition', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');

  it('reads the named ends of a log', () => {
    expect(parsePosition('beginning', '--from')).toEqual({ kind: 'earliest' });
    expect(parsePosition('earliest', '--to')).toEqual({ kind: 'earliest' });
    expect(parsePosition('end', '--from')).toEqual({ kind: 'latest' });
  });

  it('reads ISO times and durations back from now', () => {
    expect(parsePosition('2026-11-23T10:00:00Z', '--from')).toEqual({ kind: 'time', ms: Date.parse('2026-11-23T10:00:00Z'), text: '2026-11-23T10:00:00.000Z' });
    expect(parsePosition('15m', '--from', { now })).toEqual({ kind: 'time', ms: now - 15 * 60_000, text: '2026-11-23T11:45:00.000Z' });
    expect(parsePosition('1h30m', '--from', { now })).toMatchObject({ ms: now - 90 * 60_000 });
  });

  it('reads offsets per partition and shifts only where allowed', () => {
    expect(parsePosition('0:120,3:80', '--to', { allowOffsets: true })).toEqual({
      kind: 'offsets',
      offsets: new Map([
        [0, 120n],
        [3, 80n],
      ]),
    });
    expect(parsePosition('shift:-100', '--to', { allowOffsets: true })).toEqual({ kind: 'shift', by: -100n });
    expect(() => parsePosition('0:120', '--from')).toThrow('--from must be beginning, end, an ISO 8601 time');
  });

  it('names the flag and the accepted forms on a bad value', () => {
    expect(() => parsePosition('yesterday', '--since')).toThrow(/--since must be .* got "yesterday"/);
  });
});

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('abc')).toBeUndefined();
    expect(formatDuration(604_800_000)).toBe('7d');
    expect(formatDuration(-1)).toBe('forever');
    expect(formatDuration(90_000)).toBe('90s');
  });
});
