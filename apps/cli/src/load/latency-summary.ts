import { decodeFromCompressedBase64, encodeIntoCompressedBase64, Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram } from '@streamline/kafka';

/** Percentiles of a latency histogram, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** A histogram as the JSON result keeps it: summary for reading, encoded HDR histogram for tools. */
export interface LatencyRecord {
  summary: LatencySummary;
  /** Compressed base64 HDR histogram of microseconds (HdrHistogram's own encoding). */
  histogram: string;
}

const ms = (micros: number) => Math.round(micros) / 1000;

export function summarizeHistogram(histogram: Histogram): LatencySummary {
  if (histogram.totalCount === 0) return { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
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
