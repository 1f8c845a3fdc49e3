import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller';
import { KafkaModule, kafkaOptionsFromEnv, MetricsController, startDefaultMetrics } from '@streamline/kafka';
import { ConsumerConfig } from './consumer.config';
import { OrderPlacedHandler } from './handlers/order-placed.handler';
import { OrdersController } from './read-model/orders.controller';
import { OrdersRepository } from './read-model/orders.repository';
import { LoadRunsController } from './load/load-runs.controller';

/** The consumer service: the orders read model, fed by the consumer runtime. */
@Module({})
export class ConsumerModule {
  static forConfig(config: ConsumerConfig): DynamicModule {
    startDefaultMetrics('consumer');
    return {
      module: ConsumerModule,
      imports: [
        TerminusModule,
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL, autoLogging: false, base: { service: 'consumer' } } }),
        KafkaModule.forRoot({ ...kafkaOptionsFromEnv(config), consumer: { groupId: config.KAFKA_GROUP_ID } }),
      ],
      controllers: [HealthController, MetricsController, OrdersController, LoadRunsController],
      providers: [{ provide: ConsumerConfig, useValue: config }, OrdersRepository, OrderPlacedHandler],
    };
  }
}
