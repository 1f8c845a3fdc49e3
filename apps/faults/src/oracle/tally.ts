import { ScenarioCounts } from '../scenario';
import { AcceptedEvent, AttemptCounts, PlannedEvent } from '../traffic/order-traffic';
import { LoggedRecord } from './log-reader';
import { AppliedEvents } from './read-model-reader';

/** What the oracle read, after the run. */
export interface Observations {
  attempts: AttemptCounts;
  /** Attempts by answer (HTTP status or error code). */
  answers: Map<string, number>;
  accepted: AcceptedEvent[];
  planned: Map<string, PlannedEvent[]>;
  topicRecords: LoggedRecord[];
  deadLetterRecords: LoggedRecord[];
  applied: AppliedEvents;
  redeliveries: number;
  recoverySeconds: number | undefined;
  notes: string[];
}

/** Ids of events that reached an end: applied to the read model or dead-lettered. */
export function settledIds(applied: AppliedEvents, deadLetters: LoggedRecord[]): Set<string> {
  const ids = new Set<string>();
  for (const list of applied.values()) for (const id of list) ids.add(id);
  for (const record of deadLetters) if (record.headers.ce_id) ids.add(record.headers.ce_id);
  return ids;
}

/** The scenario's figures from what the oracle read. */
export function tally(o: Observations): ScenarioCounts {
  const logIds = new Set(o.topicRecords.map((r) => r.headers.ce_id));
  let duplicateEffects = 0;
  let orderViolations = 0;
  for (const [orderId, ids] of o.applied) {
    const distinct = [...new Set(ids)];
    duplicateEffects += ids.length - distinct.length;
    const planned = o.planned.get(orderId)?.map((e) => e.id);
    if (planned && distinct.some((id, i) => planned[i] !== id)) orderViolations++;
  }
  const settled = settledIds(o.applied, o.deadLetterRecords);
  const lost = o.accepted.filter((e) => !settled.has(e.id));
  const notes = [...o.notes];
  const odd = [...o.answers].filter(([answer]) => answer !== '202' && answer !== '503');
  if (odd.length > 0) notes.push(`other answers: ${odd.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const notInLog = lost.filter((e) => !logIds.has(e.id)).length;
  if (lost.length > 0) notes.push(`${lost.length} accepted events lost, ${notInLog} of them not in the topic at all`);
  const sent = new Set([...o.planned.values()].flat().map((e) => e.id));
  const strangers = [...logIds].filter((id) => id === undefined || !sent.has(id)).length;
  if (strangers > 0) notes.push(`**${strangers} record(s) in the topic with an id the traffic never sent**`);
  const reasons = new Map<string, number>();
  for (const r of o.deadLetterRecords) {
    const reason = r.headers.streamline_error_reason ?? 'unknown';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  if (reasons.size > 0) notes.push(`dead letters by reason: ${[...reasons].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return {
    attempted: o.attempts.attempted,
    accepted: o.attempts.accepted,
    unavailable: o.attempts.unavailable,
    failed: o.attempts.failed,
    lost: lost.length,
    duplicatesInLog: o.topicRecords.length - logIds.size,
    duplicateEffects,
    deadLetters: o.deadLetterRecords.length,
    redeliveries: o.redeliveries,
    redeliveryPercent: o.attempts.accepted === 0 ? 0 : (100 * o.redeliveries) / o.attempts.accepted,
    orderViolations,
    recoverySeconds: o.recoverySeconds,
    notes,
  };
}
