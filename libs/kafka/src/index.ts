export * from './kafka.module';
export * from './kafka.options';
export { OPTIONS_TYPE as KAFKA_MODULE_OPTIONS, ASYNC_OPTIONS_TYPE as KAFKA_MODULE_ASYNC_OPTIONS, EVENT_REGISTRY } from './kafka.constants';
export * from './producer/producer.service';
export * from './producer/publish-result';
export * from './producer/producer.metrics';
export * from './errors/duplicate-event.error';
export { KeyedSender } from './producer/keyed-sender';
export type { KeyedRecord } from './producer/keyed-sender';
export { SendBatcher } from './producer/send-batcher';
export type { SendBatcherOptions } from './producer/send-batcher';
export * from './consumer/consumer.runtime';
export * from './request/request-client';
export * from './errors/request.errors';
export * from './request/request.metrics';
export type * from './request/request.options';
export { REQUEST_HEADERS } from './request/request-headers';
export type { RemoteFailure } from './request/request-headers';
export * from './consumer/event-handler.decorator';
export * from './consumer/handler-context';
export type { EventToEmit } from './consumer/exactly-once/emitted-events';
export * from './consumer/handler-params.decorator';
export { STREAMLINE_CONTEXT, StreamlineParamtype, eventOf, contextOf } from './consumer/streamline-context';
export type { StreamlineContextType, StreamlineRequest } from './consumer/streamline-context';
export * from './consumer/consumer-observer';
export { RETRY_HEADERS, DELIVER_AT_HEADER, deliverAtHeaders } from './consumer/retry-headers';
export type { Database, SqlExecutor } from './idempotency/database';
export * from './idempotency/open-database';
export * from './idempotency/postgres-database';
export * from './idempotency/pglite-database';
export * from './idempotency/idempotency-guard';
export * from './consumer/load-probe';
export * from './errors/kafka.errors';
export * from './errors/guard-refused.error';
export * from './errors/config.error';
export * from './errors/access-denied.error';
export * from './config/load-config';
export * from './config/kafka-env';
export { createKafkaClient } from './client/create-kafka-client';
export { KAFKA_CLIENT_NAMES } from './client/kafka-client';
export type { KafkaClient, KafkaClientName } from './client/kafka-client';
export type * from './client/cluster-admin';
export type {
  ConsumerClient,
  ConsumerClientListener,
  ConsumerSettings,
  FetchedBatch,
  FetchedRecord,
  CommitOffset,
  TopicPartitions,
} from './client/consumer-client';
export type { OutgoingRecord, RecordOutcome, RecordPosition, RecordSender, SenderSettings } from './client/record-sender';
export { sendAll } from './client/record-sender';
export { hideKafkajsTimerWarning } from './client/kafkajs/kafkajs-timer-warning';
export { serviceLogOptions } from './config/service-log-options';
export { tracingActive } from './tracing/tracer';
export { parseTraceparent, formatTraceparent, TRACE_EXTENSIONS } from './tracing/trace-context';
export { traceIdsOfActiveSpan } from './tracing/log-trace-ids';
export * from './admin/topic-provisioner';
export * from './admin/consumer-lag';
export * from './errors/drain-timeout.error';
export * from './admin/access-requirements';
export { inspectCluster } from './admin/cluster-inspection';
export type { ClusterInspection, TopicInspection } from './admin/cluster-inspection';
export * from './health/kafka.health';
export { HealthCheckLogger } from './health/health-check.logger';
export * from './metrics/metrics.controller';
export * from './metrics/default-metrics';
export * from './admin/cluster-snapshot';
export { openClusterReader } from './admin/cluster-reader';
