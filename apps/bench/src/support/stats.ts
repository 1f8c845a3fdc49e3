/** Median and spread of repeated measurements. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, as a fraction. */
  spread: number;
  runs: number[];
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return { median, min, max, spread: median ? (max - min) / median : 0, runs: values };
}
