import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { TerminusModule } from '@nestjs/terminus';
import { HealthCheckLogger, KafkaModule, kafkaOptionsFromEnv, MetricsController, serviceLogOptions, startDefaultMetrics } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { HealthController } from './health/health.controller';
import { ProducerConfig, producerOptionsOf } from './producer.config';
import { EventsController } from './ingest/events.controller';
import { ApiKeyGuard } from './ingest/api-key.guard';
import { ApiKeyRateLimitGuard, rateLimitOptions, RateLimits } from './ingest/api-key-rate-limit';
import { ThrottlerModule } from '@nestjs/throttler';
import { ErrorFilter } from './http/error.filter';

/** The producer service: HTTP ingest in front of ProducerService. */
@Module({})
export class ProducerModule {
  static forConfig(config: ProducerConfig): DynamicModule {
    startDefaultMetrics('producer');
    return {
      module: ProducerModule,
      imports: [
        TerminusModule.forRoot({ logger: HealthCheckLogger }),
        ThrottlerModule.forRoot(rateLimitOptions(new RateLimits(config.API_KEY_RATE_LIMIT))),
        LoggerModule.forRoot({ pinoHttp: serviceLogOptions('producer', config.LOG_LEVEL) }),
        KafkaModule.forRoot({
          ...kafkaOptionsFromEnv(config),
          registry: orderRegistry,
          createTopics: config.KAFKA_CREATE_TOPICS === 'true',
          producer: producerOptionsOf(config),
        }),
      ],
      controllers: [HealthController, MetricsController, EventsController],
      providers: [{ provide: ProducerConfig, useValue: config }, ApiKeyGuard, ApiKeyRateLimitGuard, { provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
