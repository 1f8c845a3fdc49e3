import { ConfigurableModuleBuilder } from '@nestjs/common';
import { KafkaModuleOptions } from './kafka.options';

/** Injection token of the kafkajs client the runtime shares. Internal. */
export const KAFKA_CLIENT = Symbol('streamline:kafka-client');
/** Metadata key set by @EventHandler. */
export const EVENT_HANDLER_METADATA = 'streamline:event-handler';
/** Metadata key set by @EventBatchHandler. */
export const EVENT_BATCH_HANDLER_METADATA = 'streamline:event-batch-handler';

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } = new ConfigurableModuleBuilder<KafkaModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
