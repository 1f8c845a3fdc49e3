import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { TOPICS } from '@streamline/schemas';
import { ConfigurableModuleClass, KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from './kafka.constants';
import { KafkaModuleOptions } from './kafka.options';
import { kafkaClientProvider } from './kafka.providers';
import { ProducerService } from './producer/producer.service';
import { ConsumerRuntime } from './consumer/consumer.runtime';
import { HandlerDiscovery } from './consumer/handler-discovery';
import { LoadProbe } from './consumer/load-probe';
import { ensureTopics, specsOf } from './admin/topic-provisioner';
import { KafkaHealthIndicator } from './health/kafka.health';

/**
 * Streamline's Kafka runtime for a NestJS app: `KafkaModule.forRoot({ brokers, consumer? })`
 * or `forRootAsync({ imports, inject, useFactory })`. Gives ProducerService everywhere;
 * runs the consumer runtime when `consumer` options are set.
 */
@Module({
  imports: [DiscoveryModule, TerminusModule],
  providers: [kafkaClientProvider, ProducerService, ConsumerRuntime, HandlerDiscovery, KafkaHealthIndicator, LoadProbe],
  exports: [KAFKA_CLIENT, ProducerService, ConsumerRuntime, KafkaHealthIndicator, LoadProbe],
})
export class KafkaModule extends ConfigurableModuleClass implements OnModuleInit {
  private readonly logger = new Logger(KafkaModule.name);

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    if (this.options.createTopics === false) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const prefix = this.options.topicPrefix ?? '';
      const specs = specsOf(TOPICS).map((spec) => ({ ...spec, name: prefix + spec.name }));
      const report = await ensureTopics(admin, specs);
      if (report.created.length) this.logger.log(`created topics: ${report.created.join(', ')}`);
      for (const t of report.fewerPartitions) {
        this.logger.warn(
          `topic ${t.name} has ${t.actual} partitions, the registry wants ${t.wanted}; keys may map to other partitions than in a fresh cluster`,
        );
      }
    } catch (error) {
      this.logger.warn(`could not check topics at start-up (${error}); continuing, Kafka may be unavailable`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
