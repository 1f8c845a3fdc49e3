import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { htmlReport } from './html-report';
import { eventsOfStep, LoadPlan } from './load-plan';
import { describeLoadEnvironment, LoadResult, StepResult } from './load-result';
import { LoadSender } from './load-sender';
import { runStep, StepProgress, StopSignal } from './load-step';
import { TrafficGenerator } from './traffic-generator';

/** Runs every rate step of the plan in turn; a stop ends the current step and skips the rest. */
export async function runLoad(
  plan: LoadPlan,
  sender: LoadSender,
  stop: StopSignal,
  onProgress?: (progress: StepProgress, step: number) => void,
): Promise<LoadResult> {
  const startedAt = new Date().toISOString();
  const environment = describeLoadEnvironment();
  const traffic = new TrafficGenerator(plan.types, plan.keys, plan.seed, plan.runId, plan.payloadBytes);
  const steps: StepResult[] = [];
  for (const [i, rate] of plan.rates.entries()) {
    if (stop.stopped) break;
    // Each step has a run id of its own, so the consumer keeps its latencies apart.
    const runId = plan.rates.length > 1 ? `${plan.runId}-s${i + 1}` : plan.runId;
    steps.push(await runStep({ plan, rate, total: eventsOfStep(plan, rate), runId, sender, traffic, stop, onProgress: (p) => onProgress?.(p, i) }));
  }
  return {
    kind: 'streamline-load-result',
    version: 1,
    runId: plan.runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    interrupted: stop.stopped,
    config: plan,
    environment,
    steps,
  };
}

/** Writes the JSON result and, when asked, the HTML report; returns the paths written. */
export function writeLoadResult(result: LoadResult, plan: LoadPlan): string[] {
  const written: string[] = [];
  for (const [file, content] of [
    [plan.out, `${JSON.stringify(result, null, 2)}\n`],
    [plan.html, plan.html ? htmlReport(result) : ''],
  ] as const) {
    if (!file) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    written.push(file);
  }
  return written;
}
