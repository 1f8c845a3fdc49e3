/**
 * The delivery audit's comparison: records read from a group's source topics against the
 * group's processed event ids and its dead letters. Pure: it knows nothing of Kafka or SQL.
 */

/** Where a record sits in the log. */
export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** A record of a source topic: its position and CloudEvents identity (absent when the headers are). */
export interface SourceRecord extends LogPosition {
  source?: string;
  id?: string;
}

/** An event's identity as the idempotency guard keys it. */
export interface EventId {
  source: string;
  id: string;
}

/** A dead-letter record: the original identity, and the source position of its first read. */
export interface DeadLetterRecord {
  source?: string;
  id?: string;
  sourceTopic?: string;
  sourcePartition?: number;
  sourceOffset?: string;
}

/** An event (or a record without an identity) the audit lists, with where it sits. */
export interface ListedEvent {
  source: string | null;
  id: string | null;
  positions: LogPosition[];
}

/** The counts, stable for machines: see the README's `streamline audit` section. */
export interface AuditCounts {
  /** Records read from the source topics within the window. */
  records: number;
  /** Of those, records without a ce_source or ce_id header (each counted as its own event below). */
  recordsWithoutId: number;
  /** Distinct (ce_source, ce_id) among the records read. */
  events: number;
  /** Events found at more than one offset. */
  duplicateEvents: number;
  /** Records beyond the first of each duplicated event. */
  duplicateRecords: number;
  /** Events (of `events`) whose id the group recorded as processed. */
  applied: number;
  /** Events not applied whose record is in the group's dead-letter topics (by id, or by source position). */
  deadLettered: number;
  /** Events neither applied nor dead-lettered, records without an id included. */
  missing: number;
  /** Applied events that are in the dead-letter topics too (e.g. re-driven after a fix): informational. */
  appliedAndDeadLettered: number;
  /** Processed ids of the group not among the events read (before the window, other topics): informational. */
  appliedOutsideWindow: number;
  /** Processed ids of the group in the database. */
  processedIds: number;
  /** Records read from the dead-letter topics. */
  deadLetterRecords: number;
}

export interface AuditComparison {
  counts: AuditCounts;
  /** The first `limit` missing events, by position (topic, partition, offset). */
  missing: ListedEvent[];
  /** The first `limit` events found at several offsets, by their first position; each event's positions in order. */
  duplicates: ListedEvent[];
}

/** Log order: by topic, then partition, then offset, so the listings do not depend on the order partitions were read in. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.partition !== b.partition) return a.partition - b.partition;
  const [x, y] = [BigInt(a.offset), BigInt(b.offset)];
  return x < y ? -1 : x > y ? 1 : 0;
}

const byFirstPosition = (a: ListedEvent, b: ListedEvent) => comparePositions(a.positions[0], b.positions[0]);

const keyOf = (source: string, id: string) => `${source}\u0000${id}`;
const positionKey = (topic: string, partition: number, offset: string) => `${topic}\u0000${partition}\u0000${offset}`;

/**
 * Compares what is on the topics with what the group applied and dead-lettered.
 * `applied` holds the group's processed ids; `limit` caps the listed events (Infinity: all).
 */
export function compareDelivery(
  records: Iterable<SourceRecord>,
  applied: Iterable<EventId>,
  deadLetters: Iterable<DeadLetterRecord>,
  limit = 10,
): AuditComparison {
  const deadIds = new Set<string>();
  const deadPositions = new Set<string>();
  let deadLetterRecords = 0;
  for (const d of deadLetters) {
    deadLetterRecords++;
    if (d.source !== undefined && d.id !== undefined) deadIds.add(keyOf(d.source, d.id));
    if (d.sourceTopic !== undefined && d.sourcePartition !== undefined && d.sourceOffset !== undefined) {
      deadPositions.add(positionKey(d.sourceTopic, d.sourcePartition, d.sourceOffset));
    }
  }

  const events = new Map<string, ListedEvent>();
  const withoutId: ListedEvent[] = [];
  let recordCount = 0;
  for (const r of records) {
    recordCount++;
    const position = { topic: r.topic, partition: r.partition, offset: r.offset };
    if (r.source === undefined || r.id === undefined) {
      withoutId.push({ source: r.source ?? null, id: r.id ?? null, positions: [position] });
      continue;
    }
    const key = keyOf(r.source, r.id);
    const event = events.get(key);
    if (event) event.positions.push(position);
    else events.set(key, { source: r.source, id: r.id, positions: [position] });
  }

  const processed = new Set<string>();
  for (const a of applied) processed.add(keyOf(a.source, a.id));

  const isDeadLettered = (key: string | undefined, event: ListedEvent) =>
    (key !== undefined && deadIds.has(key)) || event.positions.some((p) => deadPositions.has(positionKey(p.topic, p.partition, p.offset)));

  const counts: AuditCounts = {
    records: recordCount,
    recordsWithoutId: withoutId.length,
    events: events.size,
    duplicateEvents: 0,
    duplicateRecords: 0,
    applied: 0,
    deadLettered: 0,
    missing: 0,
    appliedAndDeadLettered: 0,
    appliedOutsideWindow: 0,
    processedIds: processed.size,
    deadLetterRecords,
  };
  const missing: ListedEvent[] = [];
  const duplicates: ListedEvent[] = [];
  const settle = (key: string | undefined, event: ListedEvent) => {
    const dead = isDeadLettered(key, event);
    if (key !== undefined && processed.has(key)) {
      counts.applied++;
      if (dead) counts.appliedAndDeadLettered++;
    } else if (dead) {
      counts.deadLettered++;
    } else {
      counts.missing++;
      missing.push(event);
    }
  };

  for (const [key, event] of events) {
    if (event.positions.length > 1) {
      counts.duplicateEvents++;
      counts.duplicateRecords += event.positions.length - 1;
      event.positions.sort(comparePositions);
      duplicates.push(event);
    }
    settle(key, event);
  }
  for (const record of withoutId) settle(undefined, record);
  for (const key of processed) if (!events.has(key)) counts.appliedOutsideWindow++;
  return { counts, missing: missing.sort(byFirstPosition).slice(0, limit), duplicates: duplicates.sort(byFirstPosition).slice(0, limit) };
}
