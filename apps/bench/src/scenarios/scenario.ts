import { loadavg } from 'node:os';
import { ContenderName } from '../contenders';
import { ContenderParams, ContenderResult } from '../contenders/contender';
import { BenchPlan } from '../bench-plan';
import { runContender } from '../support/contender-process';
import { Summary, summarize } from '../support/stats';

/** One contender's repeated measurements in a scenario. */
export interface ContenderSummary {
  name: string;
  label: string;
  /** The scenario's metric over the repetitions. */
  summary: Summary;
  results: ContenderResult[];
  /** A second figure shown beside the metric, e.g. the median p99 latency. */
  note?: string;
}

/** A target of the benchmark, checked in the run that measured it. */
export interface TargetResult {
  description: string;
  value: number;
  target: string;
  met: boolean;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** Unit of the contenders' metric, e.g. `records/s`. */
  unit: string;
  higherIsBetter: boolean;
  setup: Record<string, unknown>;
  contenders: ContenderSummary[];
  targets: TargetResult[];
  /** 1-minute load average of the machine before and after the scenario. */
  loadAverage: { before: number; after: number };
  seconds: number;
}

/** What a scenario gets to run with. */
export interface ScenarioContext {
  plan: BenchPlan;
  brokers: string[];
  /** A topic prefix no other part of this run uses. */
  prefix(part: string): string;
  log(line: string): void;
}

export type Scenario = (context: ScenarioContext) => Promise<Omit<ScenarioResult, 'loadAverage' | 'seconds'>>;

/** Runs a scenario, recording how busy the machine was around it. */
export async function runScenario(scenario: Scenario, context: ScenarioContext): Promise<ScenarioResult> {
  const before = loadavg()[0];
  const started = Date.now();
  const result = await scenario(context);
  return { ...result, loadAverage: { before, after: loadavg()[0] }, seconds: (Date.now() - started) / 1000 };
}

export interface Entry {
  name: ContenderName;
  label: string;
}

/**
 * Runs every contender `reps` times, interleaved (A B C A B C …) so that drift in the machine's
 * load spreads over all of them instead of favouring whoever ran first.
 */
export async function measureInterleaved(
  context: ScenarioContext,
  entries: Entry[],
  paramsFor: (entry: Entry, rep: number) => Promise<ContenderParams>,
  metric: (result: ContenderResult) => number = (r) => r.rate,
  nodeArgs: string[] = [],
  reps = context.plan.reps,
): Promise<ContenderSummary[]> {
  const results = new Map<string, ContenderResult[]>(entries.map((e) => [e.name, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const entry of entries) {
      const result = await runContender(entry.name, await paramsFor(entry, rep), nodeArgs);
      context.log(
        `  ${entry.label} #${rep + 1}: ${Math.round(metric(result)).toLocaleString('en-US')} (${result.count} in ${result.seconds.toFixed(2)} s, peak RSS ${Math.round(result.peakRssMb)} MB${result.orderViolations ? `, ${result.orderViolations} ORDER VIOLATIONS` : ''})`,
      );
      results.get(entry.name)!.push(result);
    }
  }
  return entries.map((e) => ({ name: e.name, label: e.label, summary: summarize(results.get(e.name)!.map(metric)), results: results.get(e.name)! }));
}

/** median(a) / median(b) of two contenders in a list. */
export function ratio(summaries: ContenderSummary[], a: string, b: string): number {
  const of = (name: string) => summaries.find((s) => s.name === name)!.summary.median;
  return of(a) / of(b);
}
