import { compareResults, parsePercentile, parseThreshold } from './load-compare';
import { LoadResult } from './load-result';

const summary = (p99: number) => ({ count: 100, p50: 10, p90: 20, p99, p999: p99 * 2, max: p99 * 3, mean: 12 });
const result = (steps: { rate: number; p99: number; ackP99?: number; e2e?: boolean }[]) =>
  ({
    kind: 'streamline-load-result',
    steps: steps.map((s) => ({
      rate: s.rate,
      ackLatency: { summary: summary(s.ackP99 ?? s.p99), histogram: '' },
      endToEndLatency: s.e2e === false ? null : { summary: summary(s.p99), histogram: '' },
    })),
  }) as unknown as LoadResult;

describe('load compare', () => {
  it('flags the gated percentile when it grew past the threshold, and only that one', () => {
    const c = compareResults(result([{ rate: 100, p99: 50 }]), result([{ rate: 100, p99: 60 }]), 'p99', 0.1);
    expect(c.regressions.map((r) => [r.percentile, r.kind, r.change])).toEqual([['p99', 'end-to-end', 0.2]]);
    expect(c.rows.find((r) => r.percentile === 'max')!.regressed).toBe(false);
    expect(compareResults(result([{ rate: 100, p99: 50 }]), result([{ rate: 100, p99: 54 }]), 'p99', 0.1).regressions).toEqual([]);
    expect(compareResults(result([{ rate: 100, p99: 50 }]), result([{ rate: 100, p99: 20 }]), 'p99', 0.1).regressions).toEqual([]);
  });

  it('falls back to acknowledgement latency when a run has no end-to-end figures, and matches steps by rate', () => {
    const c = compareResults(
      result([
        { rate: 100, p99: 50, e2e: false },
        { rate: 200, p99: 1 },
      ]),
      result([
        { rate: 100, p99: 80 },
        { rate: 300, p99: 1 },
      ]),
      'p99',
      0.1,
    );
    expect(c.regressions.map((r) => [r.step, r.kind])).toEqual([[1, 'ack']]);
    expect(c.unmatched).toEqual([2]);
  });

  it('reads thresholds and percentiles as users type them', () => {
    expect(parseThreshold('10%')).toBe(0.1);
    expect(parseThreshold('2.5')).toBe(0.025);
    expect(() => parseThreshold('ten')).toThrow(/--threshold/);
    expect(parsePercentile('P99.9')).toBe('p99.9');
    expect(() => parsePercentile('p42')).toThrow(/--percentile/);
  });
});
