import { Provider } from '@nestjs/common';
import { createKafkaClient } from './client/kafka-client';
import { KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from './kafka.constants';
import { KafkaModuleOptions } from './kafka.options';

/** The shared kafkajs client, built once from the module options. */
export const kafkaClientProvider: Provider = {
  provide: KAFKA_CLIENT,
  inject: [MODULE_OPTIONS_TOKEN],
  useFactory: (options: KafkaModuleOptions) => createKafkaClient({ ...options }),
};
