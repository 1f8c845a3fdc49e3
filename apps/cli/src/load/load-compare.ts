import { UsageError } from '../errors/cli.errors';
import { LatencySummary, PERCENTILES } from './latency-summary';
import { LoadResult } from './load-result';

export type PercentileName = keyof typeof PERCENTILES;
export type LatencyKind = 'end-to-end' | 'ack';

/** One compared step and percentile. */
export interface CompareRow {
  step: number;
  rate: number;
  kind: LatencyKind;
  percentile: PercentileName;
  baseline: number;
  candidate: number;
  /** (candidate - baseline) / baseline. */
  change: number;
  /** Whether this row is the gated percentile and it got worse by more than the threshold. */
  regressed: boolean;
}

export interface Comparison {
  rows: CompareRow[];
  regressions: CompareRow[];
  /** Steps only one of the files has. */
  unmatched: number[];
}

/** `10%`, `10`, `2.5%` → 0.1, 0.1, 0.025. */
export function parseThreshold(value: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  if (!match) throw new UsageError(`--threshold must be a percentage such as 10%, got "${value}"`);
  return Number(match[1]) / 100;
}

export function parsePercentile(value: string): PercentileName {
  const name = value.trim().toLowerCase();
  if (!(name in PERCENTILES)) throw new UsageError(`--percentile must be one of ${Object.keys(PERCENTILES).join(', ')}, got "${value}"`);
  return name as PercentileName;
}

/**
 * Compares two runs step by step (steps are matched by position and must have the same rate):
 * end-to-end latency where both runs measured it, acknowledgement latency otherwise.
 * A regression is the gated percentile growing by more than the threshold.
 */
export function compareResults(baseline: LoadResult, candidate: LoadResult, gate: PercentileName, threshold: number, kind?: LatencyKind): Comparison {
  const rows: CompareRow[] = [];
  const unmatched: number[] = [];
  const steps = Math.max(baseline.steps.length, candidate.steps.length);
  for (let i = 0; i < steps; i++) {
    const a = baseline.steps[i];
    const b = candidate.steps[i];
    if (!a || !b || a.rate !== b.rate) {
      unmatched.push(i + 1);
      continue;
    }
    const useKind: LatencyKind = kind ?? (a.endToEndLatency && b.endToEndLatency ? 'end-to-end' : 'ack');
    const pick = (s: typeof a): LatencySummary | undefined => (useKind === 'ack' ? s.ackLatency.summary : s.endToEndLatency?.summary);
    const sa = pick(a);
    const sb = pick(b);
    if (!sa || !sb) throw new UsageError(`step ${i + 1}: ${useKind} latency is missing in one of the files`);
    for (const [name, field] of Object.entries(PERCENTILES) as [PercentileName, keyof LatencySummary][]) {
      const [va, vb] = [sa[field], sb[field]];
      if (va === null || vb === null)
        throw new UsageError(
          `step ${i + 1}: no ${useKind} latency was measured in ${va === null ? 'the baseline' : 'the candidate'} (nothing acknowledged or handled)`,
        );
      const change = va > 0 ? (vb - va) / va : vb > 0 ? Infinity : 0;
      rows.push({
        step: i + 1,
        rate: a.rate,
        kind: useKind,
        percentile: name,
        baseline: va,
        candidate: vb,
        change,
        regressed: name === gate && change > threshold,
      });
    }
  }
  return { rows, regressions: rows.filter((r) => r.regressed), unmatched };
}
