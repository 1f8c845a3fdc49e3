import { ConfigurableModuleBuilder } from '@nestjs/common';
import { KafkaModuleOptions } from './kafka.options';

/** Injection token of the KafkaClient the runtime shares. Internal. */
export const KAFKA_CLIENT = Symbol('streamline:kafka-client');
/** Injection token of the app's EventRegistry, the one given as the `registry` option. */
export const EVENT_REGISTRY = Symbol('streamline:event-registry');
/** Metadata key set by @EventHandler. */
export const EVENT_HANDLER_METADATA = 'streamline:event-handler';
/** Metadata key set by @EventBatchHandler. */
export const EVENT_BATCH_HANDLER_METADATA = 'streamline:event-batch-handler';

/**
 * `isGlobal` (default true): whether ProducerService and the other exports reach every module of
 * the app, or only the modules that import KafkaModule.
 */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } = new ConfigurableModuleBuilder<KafkaModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
