import { epochMicros } from '@streamline/kafka';
import { fetchEndToEnd } from './consumer-probe-client';
import { LoadPlan } from './load-plan';
import { LoadRecorder } from './load-recorder';
import { failureKind, LoadEvent, LoadSender } from './load-sender';
import { StepResult, stepResult } from './load-result';
import { TrafficGenerator } from './traffic-generator';

/** Set by Ctrl-C: the step stops sending, and the run writes what it has. */
export interface StopSignal {
  stopped: boolean;
}

/** What the progress line shows, once a second. */
export interface StepProgress {
  rate: number;
  elapsedS: number;
  planned: number;
  sent: number;
  acked: number;
  handled?: number;
  errors: number;
  /** Events sent in the last second. */
  sentLastSecond: number;
  ackP99Ms?: number;
  endToEndP99Ms?: number;
}

export interface StepInput {
  plan: LoadPlan;
  rate: number;
  /** Events of this step. */
  total: number;
  runId: string;
  sender: LoadSender;
  traffic: TrafficGenerator;
  stop: StopSignal;
  onProgress?: (progress: StepProgress) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One step of the open model: event i is due at start + i / rate, whatever happened to the events
 * before it. Sending never waits for answers, except when `maxInFlight` events are unanswered;
 * the events then leave late, and their latency, taken from the intended time, shows the wait.
 */
export async function runStep(input: StepInput): Promise<StepResult> {
  const { plan, rate, total, sender, traffic, stop } = input;
  const intervalMicros = 1_000_000 / rate;
  const started = epochMicros();
  const recorder = new LoadRecorder(started);
  const inFlight = new Set<Promise<void>>();
  let unanswered = 0;
  let next = 0;
  let pending: LoadEvent[] = [];
  let handled: number | undefined;
  let endToEndP99Ms: number | undefined;

  const dispatch = (events: LoadEvent[]) => {
    recorder.recordSent(events.length, epochMicros());
    unanswered += events.length;
    const sending: Promise<void> = sender
      .send(events)
      .then(
        () =>
          recorder.recordAcked(
            events.map((e) => e.intendedMicros),
            epochMicros(),
          ),
        (error: unknown) => recorder.recordError(failureKind(error), events.length, epochMicros()),
      )
      .finally(() => {
        traffic.settled(events);
        inFlight.delete(sending);
        unanswered -= events.length;
      });
    inFlight.add(sending);
  };

  let lastSent = 0;
  const progress = setInterval(() => {
    const now = epochMicros();
    input.onProgress?.({
      rate,
      planned: total,
      elapsedS: (now - started) / 1e6,
      sent: recorder.sent,
      acked: recorder.acked,
      handled,
      errors: recorder.errorCount,
      sentLastSecond: recorder.sent - lastSent,
      ackP99Ms: recorder.recentAckP99Ms(now),
      endToEndP99Ms,
    });
    lastSent = recorder.sent;
  }, 1000);
  // While sending, ask the consumers now and then how far they are, for the progress line.
  const polling =
    plan.consumerUrls.length === 0
      ? undefined
      : setInterval(() => {
          void fetchEndToEnd(plan.consumerUrls, input.runId, 900).then((view) => {
            handled = view.handled;
            endToEndP99Ms = view.histogram.totalCount > 0 ? view.histogram.getValueAtPercentile(99) / 1000 : undefined;
          });
        }, 2000);

  try {
    while (next < total && !stop.stopped) {
      const due = Math.min(total, Math.floor((epochMicros() - started) / intervalMicros) + 1);
      while (next < due && !stop.stopped) {
        if (unanswered >= plan.maxInFlight) {
          await Promise.race(inFlight);
          continue;
        }
        pending.push(traffic.next(input.runId, Math.round(started + next * intervalMicros)));
        next += 1;
        if (pending.length >= plan.batch || next === total) {
          dispatch(pending);
          pending = [];
        }
      }
      const waitMs = (started + next * intervalMicros - epochMicros()) / 1000;
      if (next < total && waitMs > 0) await sleep(waitMs);
    }
    const sendingEnded = epochMicros();
    await Promise.allSettled([...inFlight]);
    const { handledView, drained } = await drain(plan, input.runId, recorder, stop);
    return stepResult({
      rate,
      runId: input.runId,
      planned: total,
      started,
      sendingEnded,
      recorder,
      endToEnd: handledView,
      drained,
      interrupted: stop.stopped,
      consumerUrls: plan.consumerUrls,
    });
  } finally {
    clearInterval(progress);
    if (polling) clearInterval(polling);
  }
}

/**
 * Waits until the consumers report every acknowledged event handled, or the drain time-out
 * passes (or Ctrl-C: then one last look only).
 */
async function drain(plan: LoadPlan, runId: string, recorder: LoadRecorder, stop: StopSignal) {
  if (plan.consumerUrls.length === 0) return { handledView: undefined, drained: false };
  const deadline = Date.now() + (stop.stopped ? 0 : plan.drainTimeoutMs);
  for (;;) {
    const view = await fetchEndToEnd(plan.consumerUrls, runId);
    if (view.handled >= recorder.acked || Date.now() >= deadline || stop.stopped) {
      return { handledView: view, drained: view.handled >= recorder.acked };
    }
    await sleep(250);
  }
}
