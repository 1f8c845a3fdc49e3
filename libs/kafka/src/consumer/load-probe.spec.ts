import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { epochMicros, formatEpochMicros, LoadProbe, loadSourceFor, parseEpochMicros, wallEpochMicros } from './load-probe';

const decode = (base64: string) => decodeFromCompressedBase64(base64, 'packed', false);

describe('LoadProbe', () => {
  it('keeps microseconds of an RFC 3339 time that Date.parse would drop', () => {
    const micros = 1_795_000_000_123_456;
    expect(formatEpochMicros(micros)).toMatch(/\.123456Z$/);
    expect(parseEpochMicros(formatEpochMicros(micros))).toBe(micros);
    expect(parseEpochMicros('2026-11-23T10:00:00Z')).toBe(Date.parse('2026-11-23T10:00:00Z') * 1000);
    expect(parseEpochMicros('2026-11-23T11:00:00.5+01:00')).toBe(Date.parse('2026-11-23T10:00:00.500Z') * 1000);
    expect(parseEpochMicros('yesterday')).toBeUndefined();
  });

  it('writes a valid time for a fractional microsecond count (rates that do not divide a second)', () => {
    const micros = 1_795_000_000_000_000 + 1_000_000 / 3;
    expect(formatEpochMicros(micros)).toBe(formatEpochMicros(Math.round(micros)));
    expect(formatEpochMicros(micros)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('records handled time minus intended time for the events of a load run, per run', () => {
    const probe = new LoadProbe();
    const intended = 1_795_000_000_000_000;
    probe.observe({ source: loadSourceFor('run-a'), time: formatEpochMicros(intended) }, intended + 2_500);
    probe.observe({ source: loadSourceFor('run-a'), time: formatEpochMicros(intended + 1_000_000) }, intended + 1_000_000 + 7_000);
    probe.observe({ source: loadSourceFor('run-b'), time: formatEpochMicros(intended) }, intended + 100);

    const a = probe.snapshot('run-a')!;
    expect(a.handled).toBe(2);
    const histogram = decode(a.histogram);
    expect(histogram.totalCount).toBe(2);
    expect(histogram.minNonZeroValue).toBeGreaterThanOrEqual(2_497);
    expect(histogram.minNonZeroValue).toBeLessThanOrEqual(2_503);
    expect(histogram.maxValue).toBeGreaterThanOrEqual(6_995);
    expect(histogram.maxValue).toBeLessThanOrEqual(7_005);
    expect(a.timeline.map((s) => s.handled)).toEqual([1, 1]);
    expect(a.timeline[1].second - a.timeline[0].second).toBe(1);
    expect(probe.snapshot('run-b')!.handled).toBe(1);
  });

  it('times events by the wall clock after it was stepped, as a load run started after the step stamps them', () => {
    const steppedBy = 11_195;
    const realNow = Date.now.bind(Date);
    const now = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + steppedBy);
    try {
      // The process's own monotonic reading still counts from before the step.
      expect(Math.abs(epochMicros() / 1000 - realNow())).toBeLessThan(50);
      expect(Math.abs(wallEpochMicros() / 1000 - (realNow() + steppedBy))).toBeLessThan(3);
      const probe = new LoadProbe();
      // Stamped 150 ms ago by a process that started after the step.
      probe.observe({ source: loadSourceFor('stepped'), time: formatEpochMicros((realNow() + steppedBy - 150) * 1000) });
      const latency = decode(probe.snapshot('stepped')!.histogram).maxValue / 1000;
      expect(latency).toBeGreaterThanOrEqual(149);
      expect(latency).toBeLessThan(200);
    } finally {
      now.mockRestore();
    }
    expect(Math.abs(wallEpochMicros() / 1000 - Date.now())).toBeLessThan(3);
  });

  it('ignores events that are not from a load run', () => {
    const probe = new LoadProbe();
    probe.observe({ source: '/checkout', time: new Date().toISOString() });
    probe.observe({ source: loadSourceFor('x'), time: 'not a time' });
    expect(probe.snapshot('x')).toBeUndefined();
  });

  it('keeps a bounded number of runs, dropping the oldest', () => {
    const probe = new LoadProbe();
    for (let i = 0; i < 20; i++) probe.observe({ source: loadSourceFor(`run-${i}`), time: new Date().toISOString() });
    expect(probe.snapshot('run-0')).toBeUndefined();
    expect(probe.snapshot('run-19')!.handled).toBe(1);
  });

  it('rejects run ids that would not survive a URL or a source attribute', () => {
    expect(() => loadSourceFor('a/b')).toThrow(/run id/);
  });
});
