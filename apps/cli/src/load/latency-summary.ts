import { decodeFromCompressedBase64, encodeIntoCompressedBase64, Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram } from '@streamline/kafka';

/** Percentiles of a latency histogram, in milliseconds; null where nothing was measured. */
export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  mean: number | null;
}

/** A histogram as the JSON result keeps it: summary for reading, encoded HDR histogram for tools. */
export interface LatencyRecord {
  summary: LatencySummary;
  /** Compressed base64 HDR histogram of microseconds (HdrHistogram's own encoding). */
  histogram: string;
}

const ms = (micros: number) => Math.round(micros) / 1000;

/**
 * The latency at a percentile, never above the largest one recorded. HdrHistogram answers with
 * the highest value its bucket stands for, which at 3 significant digits lies up to 0.1 % above
 * what was recorded: p99.9 of 1,000 values read 123.519 ms where the max was 123.457 ms.
 */
export function latencyAtPercentile(histogram: Histogram, percentile: number, max = histogram.maxValue): number {
  return Math.min(histogram.getValueAtPercentile(percentile), max);
}

export function summarizeHistogram(histogram: Histogram): LatencySummary {
  if (histogram.totalCount === 0) return { count: 0, p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
  return {
    count: histogram.totalCount,
    p50: ms(latencyAtPercentile(histogram, 50)),
    p90: ms(latencyAtPercentile(histogram, 90)),
    p99: ms(latencyAtPercentile(histogram, 99)),
    p999: ms(latencyAtPercentile(histogram, 99.9)),
    max: ms(histogram.maxValue),
    mean: ms(Math.min(histogram.mean, histogram.maxValue)),
  };
}

export function latencyRecord(histogram: Histogram): LatencyRecord {
  return { summary: summarizeHistogram(histogram), histogram: encodeIntoCompressedBase64(histogram) };
}

export function decodeHistogram(base64: string): Histogram {
  return decodeFromCompressedBase64(base64, 'packed', false);
}

/** Adds encoded histograms (e.g. from several consumer replicas) into one. */
export function mergeHistograms(encoded: string[]): Histogram {
  const total = newLatencyHistogram();
  for (const e of encoded) total.add(decodeHistogram(e));
  return total;
}

/** The percentile names compare and the report accept. */
export const PERCENTILES = { p50: 'p50', p90: 'p90', p99: 'p99', 'p99.9': 'p999', max: 'max' } as const satisfies Record<string, keyof LatencySummary>;
