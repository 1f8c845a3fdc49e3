import { cpus, hostname, loadavg, release, totalmem } from 'node:os';
import { EndToEndView } from './consumer-probe-client';
import { latencyRecord, LatencyRecord, summarizeHistogram } from './latency-summary';
import { LoadPlan } from './load-plan';
import { LoadRecorder, SenderSecond } from './load-recorder';

/** One second of a step: the sender's counts, and what the consumers handled in that second. */
export interface StepSecond extends SenderSecond {
  handled: number;
  endToEndP50Ms: number;
  endToEndP99Ms: number;
}

/** One rate step of a run. */
export interface StepResult {
  /** Target arrival rate, events/s. */
  rate: number;
  /** The step's own run id: the consumer's `/load-runs/:runId` key. */
  runId: string;
  startedAt: string;
  /** Seconds from the first intended send to the last send. */
  sendingSeconds: number;
  planned: number;
  sent: number;
  acked: number;
  /** Handled by the consumers; null when no `--consumer-url` was given. */
  handled: number | null;
  errors: Record<string, number>;
  /** Events sent per second over the sending time. */
  achievedRate: number;
  /** Intended send → acknowledged by the producer service or Kafka. */
  ackLatency: LatencyRecord;
  /** Intended send → the consumer's handler finished; null without `--consumer-url`. */
  endToEndLatency: LatencyRecord | null;
  /** Whether every acknowledged event was reported handled before the drain time-out. */
  drained: boolean;
  interrupted: boolean;
  /** Consumer instances that could not be asked. */
  unreachableConsumers: string[];
  timeline: StepSecond[];
}

/** The JSON file of a `streamline load` run. */
export interface LoadResult {
  kind: 'streamline-load-result';
  version: 1;
  runId: string;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  config: LoadPlan;
  environment: { node: string; os: string; cpus: number; cpuModel: string; memoryGb: number; hostname: string; loadAverage: number[] };
  steps: StepResult[];
}

export function stepResult(input: {
  rate: number;
  runId: string;
  planned: number;
  started: number;
  sendingEnded: number;
  recorder: LoadRecorder;
  endToEnd?: EndToEndView;
  drained: boolean;
  interrupted: boolean;
  consumerUrls: string[];
}): StepResult {
  const { recorder, endToEnd } = input;
  const firstSecond = Math.floor(input.started / 1_000_000);
  const handledBySecond = new Map<number, ReturnType<typeof summarizeHistogram>>();
  for (const [epochSecond, h] of endToEnd?.seconds ?? []) handledBySecond.set(epochSecond - firstSecond, summarizeHistogram(h));
  const sender = recorder.timeline();
  const length = Math.max(sender.length, ...[...handledBySecond.keys()].map((s) => s + 1));
  const timeline: StepSecond[] = Array.from({ length }, (_, second) => {
    const s = sender[second] ?? { second, sent: 0, acked: 0, errors: 0, ackP50Ms: 0, ackP99Ms: 0 };
    const e = handledBySecond.get(second);
    return { ...s, second, handled: e?.count ?? 0, endToEndP50Ms: e?.p50 ?? 0, endToEndP99Ms: e?.p99 ?? 0 };
  });
  const sendingSeconds = (input.sendingEnded - input.started) / 1e6;
  return {
    rate: input.rate,
    runId: input.runId,
    startedAt: new Date(input.started / 1000).toISOString(),
    sendingSeconds,
    planned: input.planned,
    sent: recorder.sent,
    acked: recorder.acked,
    handled: endToEnd ? endToEnd.handled : null,
    errors: recorder.errors,
    achievedRate: sendingSeconds > 0 && recorder.sent > 1 ? (recorder.sent - 1) / sendingSeconds : 0,
    ackLatency: recorder.ackLatency(),
    endToEndLatency: endToEnd ? latencyRecord(endToEnd.histogram) : null,
    drained: input.drained,
    interrupted: input.interrupted,
    unreachableConsumers: endToEnd?.unreachable ?? [],
    timeline,
  };
}

export function describeLoadEnvironment(): LoadResult['environment'] {
  return {
    node: process.version,
    os: `${process.platform} ${release()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    hostname: hostname(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Reads a result file's JSON, checking it is one. */
export function asLoadResult(value: unknown, file: string): LoadResult {
  const r = value as Partial<LoadResult>;
  if (r?.kind !== 'streamline-load-result' || !Array.isArray(r.steps)) throw new Error(`${file} is not a streamline load result`);
  return r as LoadResult;
}
