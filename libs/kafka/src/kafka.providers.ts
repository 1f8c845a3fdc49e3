import { Provider } from '@nestjs/common';
import { createKafkaClient } from './client/create-kafka-client';
import { EventRegistry } from '@streamline/schemas';
import { EVENT_REGISTRY, KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from './kafka.constants';
import { KafkaModuleOptions } from './kafka.options';

/** The shared Kafka client (kafkajs or @platformatic/kafka, as the options say), built once from the module options. */
export const kafkaClientProvider: Provider = {
  provide: KAFKA_CLIENT,
  inject: [MODULE_OPTIONS_TOKEN],
  useFactory: (options: KafkaModuleOptions) => createKafkaClient({ ...options }),
};

/**
 * The app's EventRegistry, from the `registry` option; refused at start-up when it is not one.
 * Checked by shape, not instanceof, so a registry built by a second copy of the schemas package still counts.
 */
export const eventRegistryProvider: Provider = {
  provide: EVENT_REGISTRY,
  inject: [MODULE_OPTIONS_TOKEN],
  useFactory: (options: KafkaModuleOptions) => {
    const registry = options.registry as Partial<EventRegistry> | undefined;
    if (typeof registry?.find !== 'function' || typeof registry.topics !== 'function' || typeof registry.topicFor !== 'function') {
      throw new Error('KafkaModule: the registry option must be an EventRegistry (new EventRegistry(topics) from @streamline/schemas)');
    }
    return options.registry;
  },
};
