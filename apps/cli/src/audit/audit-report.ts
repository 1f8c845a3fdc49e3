import { AuditComparison, AuditCounts, ListedEvent } from './delivery-audit';

/** One source topic as audited: the window read per partition, and its dead-letter topic. */
export interface AuditedTopic {
  topic: string;
  deadLetterTopic: string;
  /** False when the dead-letter topic does not exist (nothing dead-lettered there). */
  deadLetterTopicExists: boolean;
  /** Offsets read per partition: from `from` (inclusive) to `to` (the end offset at start, exclusive). */
  partitions: { partition: number; from: string; to: string }[];
}

/**
 * What `streamline audit --json` prints, one object on one line. Stable: fields are only ever
 * added; the README's `streamline audit` section documents each.
 */
export interface AuditReport {
  group: string;
  database: 'postgres' | 'pglite';
  /** Start of the window as an ISO time, or null when the topics were read from the beginning. */
  since: string | null;
  topics: AuditedTopic[];
  counts: AuditCounts;
  /** How many missing and duplicated events are listed at most; null: all. */
  limit: number | null;
  missing: ListedEvent[];
  duplicates: ListedEvent[];
  /** True when nothing is missing (exit 0). */
  ok: boolean;
}

export function buildReport(
  base: { group: string; database: AuditReport['database']; since: string | null; topics: AuditedTopic[]; limit: number },
  comparison: AuditComparison,
): AuditReport {
  return {
    group: base.group,
    database: base.database,
    since: base.since,
    topics: base.topics,
    counts: comparison.counts,
    limit: Number.isFinite(base.limit) ? base.limit : null,
    missing: comparison.missing,
    duplicates: comparison.duplicates,
    ok: comparison.counts.missing === 0,
  };
}

/** The report for a person: the window, the counts, the first missing and duplicated ids, the verdict. */
export function formatReport(report: AuditReport, databaseWhere: string): string[] {
  const c = report.counts;
  const window = report.since ? `from ${report.since}` : 'from the beginning';
  const lines = [
    `audit of group ${report.group}, ${window} to the end offsets at start; processed ids from ${databaseWhere}`,
    ...report.topics.map((t) => {
      const read = t.partitions.reduce((sum, p) => sum + (BigInt(p.to) - BigInt(p.from)), 0n);
      const dlq = t.deadLetterTopicExists ? t.deadLetterTopic : `${t.deadLetterTopic} (absent)`;
      return `  ${t.topic}: ${t.partitions.length} partition(s), ${read} offset(s) read; dead letters from ${dlq}`;
    }),
    '',
    count('records on the topics', c.records),
    count('  without a ce_source/ce_id', c.recordsWithoutId),
    count('distinct events', c.events),
    count('duplicates in the log', c.duplicateEvents, `event(s) at several offsets, ${c.duplicateRecords} extra record(s)`),
    count('applied', c.applied),
    count('dead-lettered', c.deadLettered),
    count('missing', c.missing, 'neither applied nor dead-lettered'),
    count('applied and dead-lettered', c.appliedAndDeadLettered, 'informational: counted as applied'),
    count('applied, not in what was read', c.appliedOutsideWindow, 'informational: before the window or on other topics'),
  ];
  lines.push(...listing('missing', c.missing, report.missing, report.limit));
  lines.push(...listing('duplicated in the log', c.duplicateEvents, report.duplicates, report.limit));
  lines.push(
    '',
    report.ok ? `result: every event read was applied or dead-lettered` : `result: ${c.missing} event(s) on the topics were neither applied nor dead-lettered`,
  );
  return lines;
}

function count(label: string, value: number, note?: string): string {
  return `  ${label.padEnd(32)}${String(value).padStart(8)}${note ? `  (${note})` : ''}`;
}

function listing(title: string, total: number, events: ListedEvent[], limit: number | null): string[] {
  if (total === 0) return [];
  const shown = limit !== null && total > events.length ? `first ${events.length} of ${total}` : `${total}`;
  return [
    '',
    `${title} (${shown}):`,
    ...events.map(
      (e) => `  ${e.source ?? '(no ce_source)'} ${e.id ?? '(no ce_id)'}  ${e.positions.map((p) => `${p.topic}/${p.partition}@${p.offset}`).join(' ')}`,
    ),
  ];
}
