import { createEnvelope, encodeEnvelope, EventRegistry, NewEvent } from '@streamline/schemas';
import { OutgoingRecord } from '../../client/record-sender';
import { PartitionResolver } from '../../producer/partition-resolver';

/** An event a handler emits: what `publish` takes; `source` defaults to the consumer group's. */
export type EventToEmit<T extends object = object> = Omit<NewEvent<T>, 'source'> & { source?: string };

/** An emitted event, encoded; its partition is chosen when its transaction is written. */
export type EmittedRecord = Omit<OutgoingRecord, 'partition'> & { key: string };

/**
 * Turns the events a handler emits into records, validated and encoded as `publish` does
 * (binary-mode CloudEvents on their registry topic, keyed by the type's key field). An invalid
 * event throws SchemaValidationError inside the handler, which fails like any handler error.
 */
export class EmittedEvents {
  constructor(
    private readonly registry: EventRegistry,
    private readonly topicPrefix: string,
    private readonly defaultSource: string,
    private readonly partitions: PartitionResolver,
  ) {}

  encode(event: EventToEmit): EmittedRecord {
    const envelope = createEnvelope(this.registry, { ...event, source: event.source ?? this.defaultSource });
    const record = encodeEnvelope(this.registry, envelope);
    return { ...record, topic: this.topicPrefix + record.topic };
  }

  /** The records with the partition of their key (murmur2, as Java clients and `publish` choose it). */
  async place(records: EmittedRecord[]): Promise<OutgoingRecord[]> {
    if (records.length === 0) return [];
    await this.partitions.load(new Set(records.map((r) => r.topic)));
    return records.map((r) => ({ ...r, partition: this.partitions.partitionOf(r.topic, r.key) }));
  }
}
