import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { TerminusModule } from '@nestjs/terminus';
import {
  HealthCheckLogger,
  KafkaModule,
  kafkaOptionsFromEnv,
  MetricsController,
  openDatabase,
  serviceLogOptions,
  startDefaultMetrics,
} from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { HealthController } from './health/health.controller';
import { ConsumerConfig } from './consumer.config';
import { databaseProvider, DatabaseCloser } from './database/database.provider';
import { OrderCancelledHandler } from './handlers/order-cancelled.handler';
import { OrderPaidHandler } from './handlers/order-paid.handler';
import { OrderPlacedHandler } from './handlers/order-placed.handler';
import { OrderPlacedV2Handler } from './handlers/order-placed-v2.handler';
import { OrderShippedHandler } from './handlers/order-shipped.handler';
import { OrdersController } from './read-model/orders.controller';
import { OrdersRepository } from './read-model/orders.repository';
import { LoadRunsController } from './load/load-runs.controller';

/** The consumer service: the orders read model, fed by the consumer runtime. */
@Module({})
export class ConsumerModule {
  static forConfig(config: ConsumerConfig): DynamicModule {
    startDefaultMetrics('consumer');
    const database = openDatabase({
      url: config.DATABASE_URL,
      pgliteDir: config.PGLITE_DATA_DIR === 'memory' ? undefined : (config.PGLITE_DATA_DIR ?? join('.streamline', 'consumer-db', config.KAFKA_GROUP_ID)),
    });
    return {
      module: ConsumerModule,
      imports: [
        TerminusModule.forRoot({ logger: HealthCheckLogger }),
        LoggerModule.forRoot({ pinoHttp: serviceLogOptions('consumer', config.LOG_LEVEL) }),
        KafkaModule.forRoot({
          ...kafkaOptionsFromEnv(config),
          registry: orderRegistry,
          createTopics: true,
          consumer: {
            groupId: config.KAFKA_GROUP_ID,
            groupInstanceId: config.KAFKA_GROUP_INSTANCE_ID,
            groupProtocol: config.KAFKA_GROUP_PROTOCOL,
            sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
            database,
            retryDelaysMs: config.CONSUMER_RETRY_DELAYS_MS,
            afterDeadLetter: config.CONSUMER_AFTER_DEAD_LETTER,
            keyConcurrency: config.CONSUMER_KEY_CONCURRENCY,
            maxInFlight: config.CONSUMER_MAX_IN_FLIGHT,
            shutdownTimeoutMs: config.CONSUMER_SHUTDOWN_TIMEOUT_MS,
            maxValueBytes: config.CONSUMER_MAX_VALUE_BYTES,
            priorityLanes: config.CONSUMER_PRIORITY_LANES.map((lane) => (config.KAFKA_TOPIC_PREFIX ?? '') + lane),
          },
        }),
      ],
      controllers: [HealthController, MetricsController, OrdersController, LoadRunsController],
      providers: [
        { provide: ConsumerConfig, useValue: config },
        databaseProvider(database),
        DatabaseCloser,
        OrdersRepository,
        OrderPlacedHandler,
        OrderPlacedV2Handler,
        OrderPaidHandler,
        OrderShippedHandler,
        OrderCancelledHandler,
      ],
    };
  }
}
