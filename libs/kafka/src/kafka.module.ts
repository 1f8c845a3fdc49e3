import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { EventRegistry } from '@streamline/schemas';
import { ConfigurableModuleClass, EVENT_REGISTRY, KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from './kafka.constants';
import { KafkaModuleOptions } from './kafka.options';
import { eventRegistryProvider, kafkaClientProvider } from './kafka.providers';
import { KafkaClient } from './client/kafka-client';
import { ProducerService } from './producer/producer.service';
import { ConsumerRuntime } from './consumer/consumer.runtime';
import { HandlerDiscovery } from './consumer/handler-discovery';
import { HandlerInvoker } from './consumer/handler-invoker';
import { LoadProbe } from './consumer/load-probe';
import { RequestClient } from './request/request-client';
import { ensureTopics, specsOf } from './admin/topic-provisioner';
import { KafkaHealthIndicator } from './health/kafka.health';
import { toAccessDenied } from './errors/access-denied.error';

/**
 * Streamline's Kafka runtime for a NestJS app: `KafkaModule.forRoot({ brokers, registry, consumer? })`
 * or `forRootAsync({ imports, inject, useFactory })`. Gives ProducerService (everywhere unless
 * `isGlobal: false`); runs the consumer runtime when `consumer` options are set; creates the
 * registry's topics only with `createTopics: true`.
 */
@Module({
  imports: [DiscoveryModule, TerminusModule],
  providers: [
    kafkaClientProvider,
    eventRegistryProvider,
    ProducerService,
    RequestClient,
    ConsumerRuntime,
    HandlerDiscovery,
    HandlerInvoker,
    KafkaHealthIndicator,
    LoadProbe,
  ],
  exports: [KAFKA_CLIENT, EVENT_REGISTRY, ProducerService, RequestClient, ConsumerRuntime, KafkaHealthIndicator, LoadProbe],
})
export class KafkaModule extends ConfigurableModuleClass implements OnModuleInit {
  private readonly logger = new Logger(KafkaModule.name);

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
    @Inject(EVENT_REGISTRY) private readonly registry: EventRegistry,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    if (this.options.createTopics !== true) return;
    const admin = this.kafka.admin();
    try {
      const prefix = this.options.topicPrefix ?? '';
      const specs = specsOf(this.registry.topics()).map((spec) => ({ ...spec, name: prefix + spec.name }));
      const report = await ensureTopics(admin, specs);
      if (report.created.length) this.logger.log(`created topics: ${report.created.join(', ')}`);
      for (const t of report.fewerPartitions) {
        this.logger.warn(
          `topic ${t.name} has ${t.actual} partitions, the registry wants ${t.wanted}; keys may map to other partitions than in a fresh cluster`,
        );
      }
    } catch (error) {
      const denied = toAccessDenied(error);
      this.logger.warn(`could not check topics at start-up (${denied?.message ?? error}); continuing, Kafka may be unavailable`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
