export { startTestKafka } from './test-kafka';
export type { StartTestKafkaOptions, TestKafka } from './test-kafka';
export { kafkaGlobalSetup, kafkaGlobalTeardown } from './global-setup';
export { randomGroupId, randomTopicPrefix } from './topic-prefix';
export { waitUntilDrained } from './drained';
export type { DrainedOptions } from './drained';
