import { newLatencyHistogram } from '@streamline/kafka';
import { decodeHistogram, latencyRecord, summarizeHistogram } from './latency-summary';

describe('latency summary', () => {
  // 1,000 values around 10 ms and one of 123.457 ms: the top bucket at 3 significant digits ends at 123.519 ms.
  const histogram = () => {
    const h = newLatencyHistogram();
    for (let i = 0; i < 1000; i++) h.recordValue(10_000 + i * 7);
    h.recordValue(123_457);
    return h;
  };

  it('never puts a percentile above the max, though HdrHistogram answers with the top of a bucket', () => {
    const h = histogram();
    expect(h.getValueAtPercentile(100)).toBeGreaterThan(h.maxValue);
    const s = summarizeHistogram(h);
    expect(s.max).toBe(123.457);
    for (const p of [s.p50, s.p90, s.p99, s.p999, s.mean]) expect(p).toBeLessThanOrEqual(s.max!);
    expect([s.p50, s.p90, s.p99, s.p999]).toEqual([...[s.p50, s.p90, s.p99, s.p999]].sort((a, b) => a! - b!));
  });

  it('keeps that bound through the encoded histogram of the JSON result, whose own max is rounded up', () => {
    const record = latencyRecord(histogram());
    const decoded = decodeHistogram(record.histogram);
    expect(decoded.maxValue).toBeGreaterThan(123_457);
    expect(record.summary.max).toBe(123.457);
  });

  it('has no figures, not zeros, when nothing was measured', () => {
    expect(summarizeHistogram(newLatencyHistogram())).toEqual({ count: 0, p50: null, p90: null, p99: null, p999: null, max: null, mean: null });
  });
});
