/**
 * Attribute names of the OpenTelemetry semantic conventions Streamline's spans use: messaging
 * (Kafka), CloudEvents and database. Copied here, as the conventions package advises for names
 * still in its incubating set.
 */
export const ATTR = {
  messagingSystem: 'messaging.system',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  destinationName: 'messaging.destination.name',
  partitionId: 'messaging.destination.partition.id',
  /** The older name of the partition, which many back ends still show. */
  kafkaPartition: 'messaging.kafka.destination.partition',
  kafkaKey: 'messaging.kafka.message.key',
  kafkaOffset: 'messaging.kafka.offset',
  consumerGroup: 'messaging.consumer.group.name',
  messageId: 'messaging.message.id',
  batchCount: 'messaging.batch.message_count',
  eventId: 'cloudevents.event_id',
  eventSource: 'cloudevents.event_source',
  eventType: 'cloudevents.event_type',
  dbSystem: 'db.system.name',
  dbOperation: 'db.operation.name',
  /** Streamline's own: the handling attempt (1 the first time, n+1 in retry tier n). */
  attempt: 'streamline.attempt',
  /** Streamline's own: the event had been published before (same source and id); nothing was written. */
  duplicate: 'streamline.duplicate',
} as const;
